package io.jobsuite.worker.sync;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.jobsuite.worker.handler.PermanentJobFailure;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Reads a client's records from its source: an HTTP endpoint answering a JSON array of
 * objects that each carry a string or numeric {@code id}.
 */
@Component
class ClientSource {

	private final RestClient http;

	ClientSource(RestClient.Builder builder) {
		// The JDK client does not retry on its own: the job's retry policy is the only
		// retry.
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
		requests.setReadTimeout(Duration.ofSeconds(30));
		this.http = builder.requestFactory(requests).build();
	}

	List<SourceRecord> fetch(String url) {
		JsonNode body = http.get().uri(url).accept(MediaType.APPLICATION_JSON).retrieve().body(JsonNode.class);
		if (body == null || !body.isArray()) {
			throw new PermanentJobFailure("Source " + url + " did not answer a JSON array");
		}
		List<SourceRecord> records = new ArrayList<>(body.size());
		for (JsonNode node : body) {
			JsonNode id = node.get("id");
			if (id == null || !(id.isString() || id.isNumber()) || id.asString().isBlank()) {
				throw new PermanentJobFailure("Source " + url + " returned a record without an id: " + node);
			}
			records.add(new SourceRecord(id.asString(), node.toString()));
		}
		return records;
	}

	record SourceRecord(String externalId, String json) {
	}

}
