package io.jobsuite.api;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.jobsuite.model.ClientSyncJobs;
import io.jobsuite.model.QueueKind;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import io.jobsuite.testsupport.RecordSourceServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The row is the truth: jobs whose messages were deleted behind everyone's back while
 * they were QUEUED, RUNNING under a lease that expired (its worker died) or RETRYING
 * reach SUCCEEDED by themselves, and their clients' unique keys are free again for the
 * next Sync Now. The API and a real worker run their shipped relays; the test only moves
 * the rows to where time would have moved them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConvergenceIntegrationTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	static final RecordSourceServer source = RecordSourceServer.start(3);

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
	}

	@AfterAll
	static void stop() {
		source.close();
	}

	@Test
	void jobsWhoseMessagesWereLostReachSucceededAndTheirClientsSyncAgainOnSyncNow() throws Exception {
		List<Long> clients = env.insertDueClients(3, "alice", source);
		List<UUID> jobs = clients.stream()
			.map(client -> env.dispatcher().dispatch(ClientSyncJobs.scheduled(client)).jobId())
			.toList();
		// No worker yet: every message is on the queue, then gone.
		env.sqs().purgeQueue(r -> r.queueUrl(env.queueUrl(QueueKind.STANDARD)));
		assertThat(env.messagesOn(env.queueUrl(QueueKind.STANDARD))).isZero();
		moveRow(jobs.get(0), """
				sent_at = UTC_TIMESTAMP(3) - INTERVAL 3 MINUTE, recheck_at = UTC_TIMESTAMP(3) - INTERVAL 1 MINUTE""");
		moveRow(jobs.get(1),
				"""
						status = 'RUNNING', attempts = 1, lease_owner = 'dead-worker#7',
						attempt_started_at = UTC_TIMESTAMP(3) - INTERVAL 3 MINUTE,
						lease_until = UTC_TIMESTAMP(3) - INTERVAL 2 MINUTE, recheck_at = UTC_TIMESTAMP(3) - INTERVAL 1 MINUTE""");
		moveRow(jobs.get(2),
				"""
						status = 'RETRYING', attempts = 1, last_error = 'source timed out',
						not_before = UTC_TIMESTAMP(3) - INTERVAL 3 MINUTE, recheck_at = UTC_TIMESTAMP(3) - INTERVAL 1 MINUTE""");

		try (InProcessWorker worker = InProcessWorker.start(env)) {
			for (UUID job : jobs) {
				await().atMost(Duration.ofSeconds(60))
					.until(() -> env.jdbc()
						.queryForObject("SELECT status FROM jobs WHERE id = ?", String.class, job.toString()),
							"SUCCEEDED"::equals);
			}
			assertThat(env.jdbc()
				.queryForObject("SELECT outcome FROM job_attempts WHERE job_id = ? AND attempt = 1", String.class,
						jobs.get(1).toString()))
				.as("the dead worker's attempt")
				.isEqualTo("LEASE_EXPIRED");
			assertThat(env.jdbc()
				.queryForList("SELECT attempts FROM jobs WHERE id IN (?, ?, ?) ORDER BY id", Integer.class,
						jobs.get(0).toString(), jobs.get(1).toString(), jobs.get(2).toString()))
				.containsExactly(1, 2, 2);

			ApiCalls calls = new ApiCalls(port);
			for (long client : clients) {
				JsonNode syncNow = ApiCalls.json(calls.send("alice", "POST", "/api/clients/" + client + "/sync", null));
				assertThat(syncNow.get("outcome").asString()).as("Sync Now of client " + client).isEqualTo("CREATED");
				String next = syncNow.get("jobId").asString();
				await().atMost(Duration.ofSeconds(30))
					.until(() -> env.jdbc().queryForObject("SELECT status FROM jobs WHERE id = ?", String.class, next),
							"SUCCEEDED"::equals);
				assertThat(source.requestsFor(client)).as("fetches of client " + client).isEqualTo(2);
			}
			assertThat(env.messagesOn(env.deadLetterUrl(QueueKind.STANDARD))).isZero();
		}
	}

	private static void moveRow(UUID job, String assignments) {
		assertThat(env.jdbc().update("UPDATE jobs SET " + assignments + " WHERE id = ?", job.toString())).isEqualTo(1);
	}

}
