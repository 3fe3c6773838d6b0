package io.jobsuite.worker.sync;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.jobsuite.worker.handler.PermanentJobFailure;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Reads a client's records from its source: an HTTP endpoint answering a JSON array of
 * objects that each carry a string or numeric {@code id}, in pages linked by a
 * {@code Link: <…>; rel="next"} header (RFC 8288, as GitHub's API pages) when there is
 * more than one.
 */
@Component
class ClientSource {

	/** A source whose pages never end is a broken source, not a long sync. */
	static final int MAX_PAGES = 10_000;

	private static final Pattern NEXT = Pattern.compile("<([^>]*)>\\s*;[^,]*rel=\"?next\"?");

	private final RestClient http;

	ClientSource(RestClient.Builder builder) {
		// The JDK client does not retry on its own: the job's retry policy is the only
		// retry.
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
		requests.setReadTimeout(Duration.ofSeconds(30));
		this.http = builder.requestFactory(requests).build();
	}

	/**
	 * Every page's records, in order; {@code listener} hears of each page that has a next
	 * one, before it is fetched.
	 */
	List<SourceRecord> fetch(String url, PageListener listener) {
		List<SourceRecord> records = new ArrayList<>();
		URI next = URI.create(url);
		for (int pages = 1; next != null; pages++) {
			if (pages > MAX_PAGES) {
				throw new PermanentJobFailure("Source " + url + " has more than " + MAX_PAGES + " pages");
			}
			ResponseEntity<JsonNode> page = http.get()
				.uri(next)
				.accept(MediaType.APPLICATION_JSON)
				.retrieve()
				.toEntity(JsonNode.class);
			records.addAll(parse(page.getBody(), url));
			next = nextPage(next, page.getHeaders());
			if (next != null) {
				listener.fetched(pages, records.size());
			}
		}
		return records;
	}

	/**
	 * The page a {@code Link} header names as next, resolved against this one; or null.
	 */
	static URI nextPage(URI current, HttpHeaders headers) {
		for (String link : headers.getOrEmpty(HttpHeaders.LINK)) {
			Matcher next = NEXT.matcher(link);
			if (next.find()) {
				return current.resolve(next.group(1));
			}
		}
		return null;
	}

	private static List<SourceRecord> parse(JsonNode body, String url) {
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

	/** Hears of each page fetched while more follow. */
	@FunctionalInterface
	interface PageListener {

		void fetched(int pages, int records);

	}

}
