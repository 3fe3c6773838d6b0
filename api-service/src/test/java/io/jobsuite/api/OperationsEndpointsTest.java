package io.jobsuite.api;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.jobsuite.model.JobTypes;
import io.jobsuite.model.NewJob;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What operations read: health groups, build info, the Prometheus scrape and the OpenAPI
 * description.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OperationsEndpointsTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	static final JsonMapper json = ApiCalls.JSON;

	@LocalServerPort
	int port;

	@MockitoSpyBean
	SqsAsyncClient sqs;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
		registry.add("jobs.queue-stats.poll-interval", () -> "200ms");
	}

	@Test
	void readinessChecksTheDatabaseAndTheQueuesAndLivenessNeither() throws Exception {
		JsonNode readiness = json.readTree(get("ops", "/actuator/health/readiness").body());
		JsonNode liveness = json.readTree(get("ops", "/actuator/health/liveness").body());

		assertThat(readiness.get("status").asString()).isEqualTo("UP");
		assertThat(readiness.get("components").propertyNames()).contains("db", "queues", "readinessState");
		assertThat(readiness.at("/components/queues/details/standard").asString()).isEqualTo(env.queues().standard());
		assertThat(liveness.get("components").propertyNames()).containsExactly("livenessState");
		assertThat(get(null, "/actuator/health/readiness").body()).as("no details without a login")
			.doesNotContain("components");
	}

	@Test
	void publicHealthAnswersFromACachedProbeNotWithSqsCallsPerRequest() throws Exception {
		assertThat(get(null, "/actuator/health").statusCode()).isEqualTo(200);
		long before = queueLookups();

		for (int i = 0; i < 200; i++) {
			assertThat(get(null, "/actuator/health").statusCode()).isEqualTo(200);
		}

		assertThat(queueLookups() - before)
			.as("SQS calls for 200 health requests: six a probe, a probe per 5 s (six a request before); "
					+ "a first lookup of a queue's URL may fall in too")
			.isLessThanOrEqualTo(18);
	}

	/** The health probe's SQS calls: everything else looks a queue's URL up once. */
	private long queueLookups() {
		return Mockito.mockingDetails(sqs)
			.getInvocations()
			.stream()
			.filter(call -> call.getMethod().getName().equals("getQueueUrl")
					&& call.getArguments()[0] instanceof GetQueueUrlRequest)
			.count();
	}

	@Test
	void infoShowsTheBuild() throws Exception {
		JsonNode info = json.readTree(get("ops", "/actuator/info").body());

		assertThat(info.at("/build/artifact").asString()).isEqualTo("api-service");
		assertThat(info.at("/build/version").asString()).isNotBlank();
	}

	@Test
	void prometheusShowsQueueDepthsOldestWaitingAgeAndDispatchMeters() throws Exception {
		for (int i = 0; i < 3; i++) {
			env.dispatcher().dispatch(NewJob.of(JobTypes.NOOP, "{}"));
		}
		HttpResponse<String> enqueued = new ApiCalls(port).post("ops", "/api/jobs",
				"{\"type\":\"noop\",\"payload\":{}}");
		assertThat(enqueued.statusCode()).isEqualTo(202);

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			String scrape = get("ops", "/actuator/prometheus").body();
			assertThat(scrape).contains(
					"jobs_queue_depth{queue=\"standard\",service=\"api\",stage=\"local\",state=\"visible\"} 4.0",
					"jobs_queue_depth{queue=\"express\",service=\"api\",stage=\"local\",state=\"in_flight\"} 0.0",
					"jobs_dlq_depth{queue=\"standard\",service=\"api\",stage=\"local\"} 0.0");
			assertThat(scrape)
				.containsPattern("jobs_queue_oldest_age_seconds\\{queue=\"standard\",[^}]*} [0-9.]*[1-9]");
			assertThat(scrape).containsPattern("jobs_enqueued_total\\{[^}]*type=\"noop\"[^}]*} 1.0");
		});
	}

	@Test
	void openApiDescribesTheRealEndpoints() throws Exception {
		JsonNode paths = json.readTree(get("alice", "/v3/api-docs").body()).get("paths");

		assertThat(paths.propertyNames()).contains("/api/jobs", "/api/jobs/{id}", "/api/clients",
				"/api/clients/{clientId}/sync", "/api/admin/jobs", "/api/admin/jobs/{id}/retry",
				"/api/admin/jobs/retry", "/api/admin/jobs/{id}/cancel", "/api/admin/dead-letters/{queue}",
				"/api/admin/dead-letters/{queue}/redrive");
		assertThat(paths.propertyNames()).allMatch(path -> path.startsWith("/api/"));
		assertThat(paths.at("/~1api~1clients~1{clientId}~1sync/post/responses").propertyNames()).contains("202");
		assertThat(paths.propertyNames()).contains("/api/jobs/{id}/cancel");
		JsonNode syncNow = json.readTree(get("alice", "/v3/api-docs").body())
			.at("/components/schemas/SyncNowAccepted/properties");
		assertThat(syncNow.propertyNames()).as("Sync Now's answer: which job covers the change")
			.contains("jobId", "covers", "runningJobId", "followUpJobId");
		assertThat(get("ops", "/swagger-ui/index.html").statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> get(String user, String path) throws Exception {
		return new ApiCalls(port).get(user, path);
	}

}
