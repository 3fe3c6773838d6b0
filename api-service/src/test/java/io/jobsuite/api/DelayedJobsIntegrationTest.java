package io.jobsuite.api;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.jobsuite.model.ClientSyncJobs;
import io.jobsuite.model.JobTypes;
import io.jobsuite.model.NewJob;
import io.jobsuite.model.dispatch.Dispatched;
import io.jobsuite.model.dispatch.JobDispatcher;
import io.jobsuite.model.dispatch.OutboxProperties;
import io.jobsuite.model.store.ClaimResult;
import io.jobsuite.model.store.JobClaims;
import io.jobsuite.model.store.JobTransitions;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import io.jobsuite.testsupport.RecordSourceServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;

import static java.time.temporal.ChronoUnit.MILLIS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Delayed jobs on the shipped settings, with the API and a real worker each running its
 * relay: a job due within the lead is timed by the dispatch, a later one by whichever
 * relay takes it a lead before it is due, each once, and both start within a second of
 * their time on the database's clock. A job for tomorrow waits in its row; Sync Now
 * brings a delayed sync forward; bad delays answer 400.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Its own environment: nothing reuses the context, so its connections go when it is done.
@DirtiesContext
class DelayedJobsIntegrationTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	static final RecordSourceServer source = RecordSourceServer.start(3);

	static InProcessWorker worker;

	@LocalServerPort
	int port;

	@Autowired
	JobDispatcher dispatcher;

	@Autowired
	JobTransitions transitions;

	@Autowired
	NamedParameterJdbcTemplate jdbc;

	@Autowired
	OutboxProperties outbox;

	@Autowired
	MeterRegistry meters;

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
	void jobsTimedByTheDispatchAndByTheRelaysStartWithinASecondOfTheirTimeEachOnce() throws Exception {
		// Within the lead (two relay rounds): the dispatch times them. Beyond it: a
		// relay.
		Duration soon = Duration.ofSeconds(3);
		Duration later = outbox.lead().plus(outbox.interval());
		assertThat(soon).isLessThan(outbox.lead());
		List<String> dispatched = new ArrayList<>();
		List<String> relayed = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			dispatched.add(enqueue("\"delaySeconds\":" + soon.toSeconds()));
			relayed.add(enqueue("\"runAt\":\"" + Instant.now().plus(later) + "\""));
		}
		assertThat(sentAt(relayed)).as("relay-timed jobs unsent at first").containsOnlyNulls();

		List<String> all = new ArrayList<>(dispatched);
		all.addAll(relayed);
		await().atMost(later.plusSeconds(30)).until(() -> countSucceeded(all) == all.size());

		List<Long> lateness = env.jdbc()
			.queryForList("SELECT TIMESTAMPDIFF(MICROSECOND, not_before, started_at) DIV 1000 FROM jobs "
					+ "WHERE id IN (" + String.join(",", all.stream().map(id -> "'" + id + "'").toList()) + ")",
					Long.class);
		System.out.println("Lateness (ms, start - runAt, database clock): " + lateness + "; sent - runAt: "
				+ env.jdbc()
					.queryForList(
							"SELECT TIMESTAMPDIFF(MICROSECOND, not_before, sent_at) DIV 1000 FROM jobs WHERE id IN ("
									+ String.join(",", all.stream().map(id -> "'" + id + "'").toList()) + ")",
							Long.class));
		assertThat(lateness).hasSize(10).allSatisfy(ms -> assertThat(ms).isBetween(0L, 999L));
		assertThat(env.jdbc()
			.queryForObject("SELECT COUNT(*) FROM job_attempts WHERE job_id IN ("
					+ String.join(",", all.stream().map(id -> "'" + id + "'").toList()) + ")", Long.class))
			.as("attempts, one per job")
			.isEqualTo(10);
		double timedByRelays = timedByRelay(meters) + timedByRelay(worker.bean(MeterRegistry.class));
		assertThat(timedByRelays).as("relay-timed sends over both relays").isEqualTo(relayed.size());
	}

	@Test
	void aJobForTomorrowWaitsInItsRowUnsentAndNoWorkerMayStartIt() throws Exception {
		Instant tomorrow = Instant.now().plus(Duration.ofDays(1));
		String id = enqueue("\"runAt\":\"" + tomorrow + "\"");

		JsonNode job = ApiCalls.json(new ApiCalls(port).get("ops", "/api/jobs/" + id));
		assertThat(Instant.parse(job.get("runAt").asString())).isEqualTo(tomorrow.truncatedTo(MILLIS));
		Map<String, Object> row = env.jdbc()
			.queryForMap("SELECT status, sent_at, TIMESTAMPDIFF(MICROSECOND, recheck_at, not_before) AS lead_micros "
					+ "FROM jobs WHERE id = ?", id);
		assertThat(row.get("status")).isEqualTo("QUEUED");
		assertThat(row.get("sent_at")).isNull();
		assertThat(((Number) row.get("lead_micros")).longValue()).isEqualTo(outbox.lead().toNanos() / 1000);

		// A stray message for it (the claim is what every delivery goes through).
		ClaimResult claim = new JobClaims(jdbc, transitions)
			.claim(List.of(UUID.fromString(id)), "test#1", Duration.ofSeconds(30), false)
			.get(UUID.fromString(id));
		assertThat(claim).isInstanceOfSatisfying(ClaimResult.Busy.class,
				busy -> assertThat(busy.retryIn()).isGreaterThan(Duration.ofHours(23)));
		assertThat(env.jdbc().queryForObject("SELECT attempts FROM jobs WHERE id = ?", Integer.class, id)).isZero();
	}

	@Test
	void syncNowBringsADelayedSyncForwardAndADueRequestADelayedJob() throws Exception {
		long client = env.insertDueClients(1, "alice", source).get(0);
		Instant tomorrow = Instant.now().plus(Duration.ofDays(1));
		Dispatched delayed = dispatcher.dispatch(ClientSyncJobs.scheduled(client).runAt(tomorrow));
		assertThat(delayed.outcome()).isEqualTo(Dispatched.Outcome.CREATED);
		assertThat(dispatcher.dispatch(ClientSyncJobs.scheduled(client).runAt(tomorrow.plusSeconds(60))))
			.as("a second delayed request")
			.isEqualTo(new Dispatched(delayed.jobId(), Dispatched.Outcome.EXISTING, delayed.queue()));

		JsonNode syncNow = ApiCalls.json(new ApiCalls(port).post("alice", "/api/clients/" + client + "/sync", null));
		assertThat(syncNow.get("outcome").asString()).isEqualTo("PROMOTED");
		assertThat(syncNow.get("jobId").asString()).isEqualTo(delayed.jobId().toString());
		assertThat(syncNow.get("queue").asString()).isEqualTo("EXPRESS");
		await().atMost(Duration.ofSeconds(15)).until(() -> countSucceeded(List.of(delayed.jobId().toString())) == 1);

		// The same for any unique key, on its own queue: the job wanted now moves it.
		Dispatched noop = dispatcher.dispatch(NewJob.of(JobTypes.NOOP, "{}").uniqueBy("delayed-noop").runAt(tomorrow));
		Dispatched now = dispatcher.dispatch(NewJob.of(JobTypes.NOOP, "{}").uniqueBy("delayed-noop"));
		assertThat(now).isEqualTo(new Dispatched(noop.jobId(), Dispatched.Outcome.PROMOTED, noop.queue()));
		await().atMost(Duration.ofSeconds(15)).until(() -> countSucceeded(List.of(noop.jobId().toString())) == 1);
	}

	@Test
	void badDelaysAnswer400ProblemJson() throws Exception {
		Instant soon = Instant.now().plusSeconds(60);
		assertProblem("{\"type\":\"noop\",\"payload\":{},\"runAt\":\"" + soon + "\",\"delaySeconds\":5}", "not both");
		assertProblem("{\"type\":\"project-build\",\"payload\":{},\"messageGroup\":\"g\",\"delaySeconds\":5}",
				"FIFO jobs run in their group's order");
		assertProblem(
				"{\"type\":\"noop\",\"payload\":{},\"runAt\":\"" + Instant.now().plus(Duration.ofDays(367)) + "\"}",
				"at most a year ahead");
		assertProblem("{\"type\":\"noop\",\"payload\":{},\"delaySeconds\":31622401}", null);
		assertProblem("{\"type\":\"noop\",\"payload\":{},\"delaySeconds\":-1}", null);
		assertProblem("{\"type\":\"noop\",\"payload\":{},\"runAt\":\"tomorrow at nine\"}", null);

		JsonNode schema = ApiCalls.json(new ApiCalls(port).get("ops", "/v3/api-docs"))
			.at("/components/schemas/EnqueueRequest/properties");
		assertThat(schema.propertyNames()).contains("runAt", "delaySeconds");
	}

	private void assertProblem(String body, String detail) throws Exception {
		HttpResponse<String> response = new ApiCalls(port).post("ops", "/api/jobs", body);
		assertThat(response.statusCode()).as(body).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		if (detail != null) {
			assertThat(ApiCalls.json(response).get("detail").asString()).contains(detail);
		}
	}

	private String enqueue(String delay) throws Exception {
		HttpResponse<String> response = new ApiCalls(port).post("ops", "/api/jobs",
				"{\"type\":\"noop\",\"payload\":{}," + delay + "}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		return ApiCalls.json(response).get("jobId").asString();
	}

	private long countSucceeded(List<String> ids) {
		return jdbc.queryForObject("SELECT COUNT(*) FROM jobs WHERE status = 'SUCCEEDED' AND id IN (:ids)",
				Map.of("ids", ids), Long.class);
	}

	private List<Object> sentAt(List<String> ids) {
		return jdbc.queryForList("SELECT sent_at FROM jobs WHERE id IN (:ids)", Map.of("ids", ids), Object.class);
	}

	private static double timedByRelay(MeterRegistry registry) {
		return registry.find("jobs.relayed")
			.tag("status", "delayed")
			.counters()
			.stream()
			.mapToDouble(c -> c.count())
			.sum();
	}

}
