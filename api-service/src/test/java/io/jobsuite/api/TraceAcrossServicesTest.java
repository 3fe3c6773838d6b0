package io.jobsuite.api;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.jobsuite.testsupport.JobSuiteEnvironment;
import io.jobsuite.testsupport.RecordSourceServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One Sync Now followed through the JSON log lines: the API's lines and the worker's
 * lines of the job carry the same job id and the id of the trace the caller started (its
 * W3C traceparent), with the span each was written in; the worker's also the job type,
 * attempt and client. (The spans themselves: local-suite's
 * SyncNowTraceAcrossProcessesTest.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class TraceAcrossServicesTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	static final RecordSourceServer source = RecordSourceServer.start(5);

	static final JsonMapper json = ApiCalls.JSON;

	static InProcessWorker worker;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
	}

	@BeforeAll
	static void startWorker() {
		worker = InProcessWorker.start(env);
	}

	@AfterAll
	static void stop() {
		worker.close();
		source.close();
	}

	@Test
	void apiAndWorkerLinesOfOneJobCarryItsJobIdAndTheCallersTraceId(CapturedOutput output) throws Exception {
		long client = env.insertDueClients(1, "alice", source).get(0);
		String traceId = UUID.randomUUID().toString().replace("-", "");

		ApiCalls calls = new ApiCalls(port);
		HttpResponse<String> response = calls
			.send(calls.request("alice", "alice", "POST", "/api/clients/" + client + "/sync", null)
				.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
				.build());
		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(response.headers().firstValue("X-Trace-Id")).contains(traceId);
		String jobId = json.readTree(response.body()).get("jobId").asString();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> env.jdbc().queryForObject("SELECT status FROM jobs WHERE id = ?", String.class, jobId),
					"SUCCEEDED"::equals);

		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			List<JsonNode> lines = output.getOut()
				.lines()
				.filter(line -> line.startsWith("{"))
				.map(json::readTree)
				.filter(line -> jobId.equals(text(line, "jobId")))
				.toList();
			List<JsonNode> api = lines.stream().filter(line -> logger(line).startsWith("io.jobsuite.api.")).toList();
			List<JsonNode> workerLines = lines.stream()
				.filter(line -> logger(line).startsWith("io.jobsuite.worker."))
				.toList();
			assertThat(api).as("API lines of the job").isNotEmpty();
			assertThat(workerLines).as("worker lines of the job").isNotEmpty();
			assertThat(lines).allSatisfy(line -> {
				assertThat(text(line, "trace.id")).isEqualTo(traceId);
				assertThat(text(line, "span.id")).matches("[0-9a-f]{16}");
			});
			assertThat(workerLines).allSatisfy(line -> {
				assertThat(text(line, "jobType")).isEqualTo("client-sync");
				assertThat(text(line, "attempt")).isEqualTo("1");
				assertThat(text(line, "clientId")).isEqualTo(Long.toString(client));
			});
		});
	}

	private static String logger(JsonNode line) {
		return line.path("log").path("logger").asString("");
	}

	private static String text(JsonNode line, String field) {
		JsonNode value = line.get(field);
		return value == null ? null : value.asString();
	}

}
