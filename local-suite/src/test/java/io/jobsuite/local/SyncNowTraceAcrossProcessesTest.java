package io.jobsuite.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.jobsuite.local.OtlpCollector.Received;
import io.jobsuite.model.JobIds;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import io.jobsuite.testsupport.RecordSourceServer;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One Sync Now followed from the click to its handler's end across two JVMs: the API and
 * a worker run as their own processes from their jars, as the local run starts them, and
 * export their spans by OTLP/HTTP (the shipped configuration, plus the endpoint) to a
 * collector in this JVM. Service logs: local-suite/target/trace-logs/.
 */
class SyncNowTraceAcrossProcessesTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	static final RecordSourceServer source = RecordSourceServer.start(3);

	static final Path logs = Path.of("target", "trace-logs");

	static OtlpCollector collector;

	static ServiceProcesses services;

	static int apiPort;

	@BeforeAll
	static void startServices() throws Exception {
		collector = OtlpCollector.start();
		apiPort = ServicesAsProcessesEndToEndTest.freePort();
		Map<String, String> environment = new HashMap<>(ServicesAsProcessesEndToEndTest.environmentOf(env));
		environment.put("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT", collector.endpoint());
		services = new ServiceProcesses(LocalSuite.findRepositoryRoot(), environment, logs);
		services.start("api-service", Map.of("PORT", Integer.toString(apiPort)));
		services.awaitHealthy("http://127.0.0.1:" + apiPort + "/actuator/health", Duration.ofMinutes(4));
		services.start("worker-service", Map.of("PORT", Integer.toString(ServicesAsProcessesEndToEndTest.freePort())));
	}

	@AfterAll
	static void stopServices() throws Exception {
		services.close();
		collector.close();
		source.close();
	}

	@Test
	void oneTraceRunsFromTheSyncNowRequestThroughTheWorkerToTheEndOfItsHandler() throws Exception {
		long client = env.insertDueClients(1, "alice", source).get(0);
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/api/clients/" + client + "/sync"))
				.header("Authorization", ServicesAsProcessesEndToEndTest.basic("alice", "alice"))
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(202);
		String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
		assertThat(traceId).matches("[0-9a-f]{32}");
		String jobId = response.body().replaceAll(".*\"jobId\":\"([0-9a-f-]{36})\".*", "$1");
		await().atMost(Duration.ofMinutes(3))
			.until(() -> env.jdbc().queryForObject("SELECT status FROM jobs WHERE id = ?", String.class, jobId),
					"SUCCEEDED"::equals);
		assertThat(env.jdbc().queryForObject("SELECT trace_id FROM jobs WHERE id = ?", String.class, jobId))
			.as("the job row's trace context")
			.contains(traceId);

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			List<Received> trace = collector.spans().stream().filter(span -> span.traceId().equals(traceId)).toList();
			Received handler = trace.stream()
				.filter(span -> span.name().equals("job handler"))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no handler span in " + trace));
			List<Received> path = pathToRoot(handler, trace);
			assertThat(path).extracting(Received::name)
				.containsSubsequence("job handler", "jobs receive", "jobs send", "job dispatch");
			assertThat(path).extracting(Received::service)
				.as("services from the handler up")
				.containsSubsequence("worker", "api");
			Received root = path.get(path.size() - 1);
			assertThat(root.parentSpanId()).as("the root has no parent: no span is missing").isEmpty();
			assertThat(root.kind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
			assertThat(root.service()).isEqualTo("api");
			assertThat(root.name()).contains("post");
			Received receive = path.stream().filter(span -> span.name().equals("jobs receive")).findFirst().get();
			assertThat(trace).as("the claim, under the receive")
				.anyMatch(span -> span.name().equals("job claim") && span.parentSpanId().equals(receive.spanId()));
			assertThat(trace).as("the handler's fetch from the client's source")
				.anyMatch(span -> span.kind() == SpanKind.SPAN_KIND_CLIENT && span.service().equals("worker")
						&& span.parentSpanId().equals(handler.spanId()));
		});

		List<String> jobLines = Files.readAllLines(logs.resolve("worker-service-1.log"))
			.stream()
			.filter(line -> line.startsWith("{") && line.contains("\"jobId\":\"" + jobId + "\""))
			.toList();
		assertThat(jobLines).as("the worker's JSON lines of the job").isNotEmpty();
		assertThat(jobLines).allSatisfy(line -> assertThat(line).contains("\"trace.id\":\"" + traceId + "\"")
			.containsPattern("\"span.id\":\"[0-9a-f]{16}\""));
	}

	/**
	 * The outbox's other path: a job committed but never sent (its dispatcher died after
	 * the commit) is sent by a relay (the API's or the worker's: every service runs one),
	 * which continues the trace stored on its row; the worker goes on under that send.
	 */
	@Test
	void aJobTheRelaySendsContinuesTheTraceStoredOnItsRow() {
		String traceId = UUID.randomUUID().toString().replace("-", "");
		String dispatchSpan = "00f067aa0ba902b7";
		String jobId = new JobIds(Clock.systemUTC()).next().toString();
		env.jdbc().update("""
				INSERT INTO jobs (id, type, queue, status, payload, attempts, max_attempts, not_before, trace_id,
				                  created_at, recheck_at)
				VALUES (?, 'noop', 'STANDARD', 'QUEUED', '{}', 0, 3, UTC_TIMESTAMP(3), ?, UTC_TIMESTAMP(3),
				        UTC_TIMESTAMP(3))
				""", jobId, "00-" + traceId + "-" + dispatchSpan + "-01");

		await().atMost(Duration.ofMinutes(2))
			.until(() -> env.jdbc().queryForObject("SELECT status FROM jobs WHERE id = ?", String.class, jobId),
					"SUCCEEDED"::equals);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			List<Received> trace = collector.spans().stream().filter(span -> span.traceId().equals(traceId)).toList();
			Received handler = trace.stream()
				.filter(span -> span.name().equals("job handler"))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no handler span in " + trace));
			List<Received> path = pathToRoot(handler, trace);
			assertThat(path).extracting(Received::name).containsExactly("job handler", "jobs receive", "jobs send");
			assertThat(path.get(2).service()).as("the relay's send").isIn("api", "worker");
			assertThat(path.get(2).parentSpanId()).as("under the dispatch stored on the row").isEqualTo(dispatchSpan);
		});
	}

	/** The span and its ancestors, up to the trace's root or the first one missing. */
	private static List<Received> pathToRoot(Received span, List<Received> trace) {
		Map<String, Received> byId = trace.stream()
			.collect(Collectors.toMap(Received::spanId, Function.identity(), (a, b) -> a));
		List<Received> path = new ArrayList<>();
		for (Received at = span; at != null; at = byId.get(at.parentSpanId())) {
			path.add(at);
		}
		return path;
	}

}
