package io.jobsuite.worker;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import io.jobsuite.model.JobTypes;
import io.jobsuite.model.NewJob;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With Actuator served, the worker's job meters and health are on HTTP, as the local run
 * shows them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.main.web-application-type=servlet")
@ExtendWith(OutputCaptureExtension.class)
class WorkerActuatorTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	static final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
	}

	@Test
	void prometheusShowsTheJobMetersByQueueTypeAndOutcomeAfterAJobRan() throws Exception {
		UUID job = env.dispatcher().dispatch(NewJob.of(JobTypes.NOOP, "{}")).jobId();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> "SUCCEEDED".equals(
					env.jdbc().queryForObject("SELECT status FROM jobs WHERE id = ?", String.class, job.toString())));

		String scrape = get("/actuator/prometheus").body();

		assertThat(scrape).containsPattern(
				"jobs_completed_total\\{[^}]*outcome=\"succeeded\"[^}]*queue=\"standard\"[^}]*type=\"noop\"[^}]*} 1\\.0")
			.contains("jobs_duration_seconds", "jobs_queue_wait_seconds", "jobs_running{");
		assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
	}

	@Test
	void aQueryThatDoesNotDecodeIsRefusedWith400AndNoErrorLine(CapturedOutput output) throws Exception {
		assertThat(get("/actuator/health?x=%ff").statusCode()).isEqualTo(400);
		assertThat(get("/actuator/prometheus?name=%ff%fe").statusCode()).isEqualTo(400);
		assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
		assertThat(output.getAll()).doesNotContain("\"level\":\"ERROR\"").contains("Refused GET /actuator/health");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
