package io.jobsuite.api;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import io.jobsuite.api.clients.SyncNowAccepted;
import io.jobsuite.api.clients.SyncRequests;
import io.jobsuite.model.ClientSyncJobs;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import io.jobsuite.testsupport.RecordSourceServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cancel of a running sync and Sync Now follow-ups end to end: the API under test and a
 * real worker (its shipped configuration, the test queues' 30 s lease: a heartbeat every
 * 10 s) on MariaDB and ElasticMQ.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CancelAndFollowUpIntegrationTest {

	private static final Logger log = LoggerFactory.getLogger(CancelAndFollowUpIntegrationTest.class);

	private static final Duration HEARTBEAT = JobSuiteEnvironment.VISIBILITY.dividedBy(3);

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	/** A sync of its clients runs about 6 s: long enough to press Sync Now during it. */
	static final RecordSourceServer slow = RecordSourceServer.start(10, Duration.ofSeconds(6));

	/** 20 pages 2 s apart: a sync of 40 s, far longer than two heartbeats. */
	static final RecordSourceServer paged = RecordSourceServer.start(20, Duration.ofSeconds(2), 1);

	static InProcessWorker worker;

	@LocalServerPort
	int port;

	@Autowired
	SyncRequests syncRequests;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
	}

	@BeforeAll
	static void startWorker() {
		worker = InProcessWorker.start(env);
	}

	@AfterAll
	static void stopWorker() {
		worker.close();
		slow.close();
		paged.close();
	}

	@Test
	void userCancelsTheirRunningSyncWithinTwoHeartbeatsAndNoOneElseCanCancelIt() throws Exception {
		long client = env.insertDueClients(1, "bob", paged).get(0);
		String job = ApiCalls.json(api().post("bob", "/api/clients/" + client + "/sync", null)).get("jobId").asString();
		await().atMost(Duration.ofSeconds(20)).until(() -> status(job), "RUNNING"::equals);

		assertThat(api().post("alice", "/api/jobs/" + job + "/cancel", null).statusCode()).as("another owner")
			.isEqualTo(404);
		long asked = System.nanoTime();
		HttpResponse<String> cancel = api().post("bob", "/api/jobs/" + job + "/cancel", null);
		assertThat(cancel.statusCode()).isEqualTo(202);
		JsonNode answer = ApiCalls.json(cancel);
		assertThat(answer.get("status").asString()).isEqualTo("RUNNING");
		assertThat(answer.get("cancelRequested").asBoolean()).isTrue();

		await().atMost(HEARTBEAT.multipliedBy(3))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> status(job), "CANCELLED"::equals);
		Duration took = Duration.ofNanos(System.nanoTime() - asked);
		log.info("Cancel of a running sync through the API: CANCELLED {} ms after the request (heartbeat {} ms)",
				took.toMillis(), HEARTBEAT.toMillis());
		assertThat(took).as("from the request to CANCELLED").isLessThanOrEqualTo(HEARTBEAT.multipliedBy(2));
		assertThat(env.jdbc()
			.queryForObject("SELECT COUNT(*) FROM job_locks WHERE lock_key = ?", Integer.class,
					ClientSyncJobs.uniqueKeyOf(client)))
			.as("its overlap lock")
			.isZero();

		HttpResponse<String> again = api().post("bob", "/api/jobs/" + job + "/cancel", null);
		assertThat(again.statusCode()).isEqualTo(409);
		assertThat(again.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		assertThat(ApiCalls.json(api().get("bob", "/api/jobs/" + job)).get("attempts").asInt()).isEqualTo(1);
		assertThat(paged.requestsFor(client)).as("pages fetched before it stopped").isLessThan(20);
	}

	@Test
	void opsCancelAQueuedJobAtOnceAndAUserCannotCancelThroughTheAdminApi() throws Exception {
		long client = env.insertDueClients(1, "bob", slow).get(0);
		String queued = env.dispatcher()
			.dispatch(ClientSyncJobs.scheduled(client).runAt(java.time.Instant.now().plusSeconds(3600)))
			.jobId()
			.toString();
		assertThat(api().post("bob", "/api/admin/jobs/" + queued + "/cancel", null).statusCode()).isEqualTo(403);

		HttpResponse<String> cancel = api().post("ops", "/api/admin/jobs/" + queued + "/cancel", null);
		assertThat(cancel.statusCode()).isEqualTo(202);
		assertThat(ApiCalls.json(cancel).get("status").asString()).isEqualTo("CANCELLED");
		assertThat(status(queued)).isEqualTo("CANCELLED");
		assertThat(api().post("ops", "/api/admin/jobs/" + UUID.randomUUID() + "/cancel", null).statusCode())
			.isEqualTo(404);
	}

	@Test
	void twentySyncNowsDuringOneRunningSyncMakeExactlyOneFollowUpThatRunsOnExpressAfterIt() throws Exception {
		long client = env.insertDueClients(1, "bob", slow).get(0);
		String running = ApiCalls.json(api().post("bob", "/api/clients/" + client + "/sync", null))
			.get("jobId")
			.asString();
		await().atMost(Duration.ofSeconds(20)).until(() -> status(running), "RUNNING"::equals);

		JsonNode pressed = ApiCalls.json(api().post("bob", "/api/clients/" + client + "/sync", null));
		assertThat(pressed.get("covers").asString()).isEqualTo("FOLLOW_UP");
		assertThat(pressed.get("runningJobId").asString()).isEqualTo(running);
		String followUp = pressed.get("followUpJobId").asString();
		assertThat(pressed.get("jobId").asString()).isEqualTo(followUp);
		assertThat(pressed.get("queue").asString()).isEqualTo("EXPRESS");
		// 19 more at once (the API's rate limit is the limiter's business, tested apart).
		ExecutorService presses = Executors.newFixedThreadPool(19);
		try {
			List<Future<SyncNowAccepted>> answers = presses
				.invokeAll(java.util.Collections.nCopies(19, () -> syncRequests.request(client)));
			Set<String> followUps = answers.stream().map(CancelAndFollowUpIntegrationTest::get).map(a -> {
				assertThat(a.runningJobId()).isEqualTo(running);
				return a.followUpJobId();
			}).collect(Collectors.toSet());
			assertThat(followUps).containsExactly(followUp);
		}
		finally {
			presses.shutdown();
		}
		assertThat(status(running)).as("still running after 20 presses").isEqualTo("RUNNING");
		assertThat(env.jdbc().queryForObject("SELECT COUNT(*) FROM jobs WHERE client_id = ?", Integer.class, client))
			.as("the running sync and one follow-up")
			.isEqualTo(2);

		await().atMost(Duration.ofSeconds(60)).until(() -> status(followUp), "SUCCEEDED"::equals);
		Map<String, Object> first = row(running);
		Map<String, Object> second = row(followUp);
		assertThat(first.get("status")).isEqualTo("SUCCEEDED");
		assertThat(second).containsEntry("queue", "EXPRESS").containsEntry("attempts", 1);
		// Its first claims only found the lock held (given back, uncounted): its attempt
		// is the one that ran.
		assertThat((LocalDateTime) second.get("attempt_started_at")).as("the follow-up runs after the first ended")
			.isAfterOrEqualTo((LocalDateTime) first.get("finished_at"));
		log.info("Follow-up started {} ms after the running sync ended",
				Duration
					.between((LocalDateTime) first.get("finished_at"), (LocalDateTime) second.get("attempt_started_at"))
					.toMillis());
		assertThat(slow.requestsFor(client)).as("syncs that ran").isEqualTo(2);
	}

	@Test
	void followUpStillRunsWhenTheWorkerOfTheRunningSyncDied() throws Exception {
		long client = env.insertDueClients(1, "bob", slow).get(0);
		String key = ClientSyncJobs.uniqueKeyOf(client);
		String dead = UUID.randomUUID().toString();
		// As a worker killed mid-run leaves it: RUNNING under its lease and its lock,
		// for 5 more seconds, and the reconciler due one lease after.
		env.jdbc().update("""
				INSERT INTO jobs (id, type, queue, status, payload, client_id, unique_key, overlap_key, attempts,
				                  max_attempts, not_before, lease_owner, lease_until, created_at, sent_at, started_at,
				                  attempt_started_at, recheck_at)
				VALUES (?, 'client-sync', 'STANDARD', 'RUNNING', ?, ?, ?, ?, 1, 3, UTC_TIMESTAMP(3), 'dead-worker#1',
				        UTC_TIMESTAMP(3) + INTERVAL 5 SECOND, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3), UTC_TIMESTAMP(3),
				        UTC_TIMESTAMP(3), UTC_TIMESTAMP(3) + INTERVAL 10 SECOND)
				""", dead, "{\"clientId\":" + client + "}", client, key, key);
		env.jdbc().update("""
				INSERT INTO job_locks (lock_key, owner_job_id, owner, release_after)
				VALUES (?, ?, 'dead-worker#1', UTC_TIMESTAMP(3) + INTERVAL 5 SECOND)
				""", key, dead);

		JsonNode pressed = ApiCalls.json(api().post("bob", "/api/clients/" + client + "/sync", null));
		assertThat(pressed.get("covers").asString()).isEqualTo("FOLLOW_UP");
		assertThat(pressed.get("runningJobId").asString()).isEqualTo(dead);
		String followUp = pressed.get("followUpJobId").asString();

		await().atMost(Duration.ofSeconds(60)).until(() -> status(followUp), "SUCCEEDED"::equals);
		assertThat(row(followUp)).containsEntry("queue", "EXPRESS").containsEntry("attempts", 1);
		// The dead worker's sync converges too: taken over once its lease expired.
		await().atMost(Duration.ofSeconds(90)).until(() -> status(dead), "SUCCEEDED"::equals);
		assertThat(env.jdbc()
			.queryForObject("SELECT COUNT(*) FROM jobs WHERE client_id = ? AND status <> 'SUCCEEDED'", Integer.class,
					client))
			.isZero();
	}

	private ApiCalls api() {
		return new ApiCalls(port);
	}

	private static SyncNowAccepted get(Future<SyncNowAccepted> answer) {
		try {
			return answer.get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String status(String job) {
		return env.jdbc().queryForObject("SELECT status FROM jobs WHERE id = ?", String.class, job);
	}

	private static Map<String, Object> row(String job) {
		return env.jdbc()
			.queryForMap("SELECT status, queue, attempts, attempt_started_at, finished_at FROM jobs WHERE id = ?", job);
	}

}
