package io.jobsuite.worker;

import java.time.Duration;
import java.util.UUID;

import io.jobsuite.model.NewJob;
import io.jobsuite.model.QueueKind;
import io.jobsuite.model.dispatch.JobDispatcher;
import io.jobsuite.model.store.JobTransitions;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import io.jobsuite.worker.probe.ProbeJobs;
import io.jobsuite.worker.probe.ProbeTable;
import io.jobsuite.worker.probe.StubbornProbeHandler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cancel of a running job against MariaDB and ElasticMQ, with a short lease (3 s: a
 * heartbeat every second, and the shipped cancel grace of one heartbeat): the heartbeat
 * carries the request to the handler, the job ends CANCELLED with its lock released and
 * is never run again; a handler that ignores its interrupt is abandoned and the job is
 * cancelled all the same.
 */
@SpringBootTest
class CancelIntegrationTest {

	private static final Logger log = LoggerFactory.getLogger(CancelIntegrationTest.class);

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	static JobDispatcher dispatcher;

	@Autowired
	JobTransitions transitions;

	@Autowired
	WorkerProperties worker;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
		registry.add("jobs.worker.lease", () -> "3s");
	}

	@BeforeAll
	static void dispatcher() {
		dispatcher = env.dispatcher();
	}

	@BeforeEach
	void probeTable() {
		ProbeTable.create(env);
	}

	@Test
	void runningJobEndsCancelledWithinTwoHeartbeatsWithItsLockReleasedAndNeverRunsAgain() {
		String key = "cancel-" + UUID.randomUUID();
		UUID job = dispatcher
			.dispatch(NewJob
				.of(ProbeJobs.PROBE, "{\"key\":\"" + key + "\",\"sequence\":0,\"workMillis\":60000,\"failPercent\":0}")
				.withoutOverlapping(key))
			.jobId();
		await().atMost(Duration.ofSeconds(30)).until(() -> runs(job) == 1);
		assertThat(env.jdbc().queryForObject("SELECT COUNT(*) FROM job_locks WHERE lock_key = ?", Integer.class, key))
			.as("its lock, held while it runs")
			.isEqualTo(1);

		long asked = System.nanoTime();
		assertThat(transitions.requestCancel(job, "a test")).isTrue();
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> status(job), "CANCELLED"::equals);
		Duration took = Duration.ofNanos(System.nanoTime() - asked);
		log.info("Cancel of a running job: CANCELLED {} ms after the request (heartbeat {} ms)", took.toMillis(),
				worker.heartbeat().toMillis());
		assertThat(took).as("from the request to CANCELLED").isLessThanOrEqualTo(worker.heartbeat().multipliedBy(2));

		assertThat(env.jdbc().queryForObject("SELECT COUNT(*) FROM job_locks WHERE lock_key = ?", Integer.class, key))
			.as("lock released")
			.isZero();
		assertThat(env.jdbc()
			.queryForMap("SELECT attempts, lease_owner, recheck_at, last_error FROM jobs WHERE id = ?", job.toString()))
			.containsEntry("attempts", 1)
			.containsEntry("lease_owner", null)
			.containsEntry("recheck_at", null)
			.hasEntrySatisfying("last_error",
					error -> assertThat((String) error).startsWith("Cancelled while running, as a test asked at"));
		assertThat(env.jdbc()
			.queryForList("SELECT CONCAT(attempt, ' ', outcome) FROM job_attempts WHERE job_id = ?", String.class,
					job.toString()))
			.containsExactly("1 CANCELLED");
		assertThat(env.jdbc()
			.queryForObject("SELECT outcome FROM probe_runs WHERE job_id = ?", String.class, job.toString()))
			.as("the handler was interrupted")
			.isEqualTo("INTERRUPTED");
		// Past a lease and a visibility: nothing brings it back.
		await().pollDelay(worker.visibility().plusSeconds(1))
			.atMost(worker.visibility().plusSeconds(5))
			.untilAsserted(() -> {
				assertThat(runs(job)).as("runs").isEqualTo(1);
				assertThat(status(job)).isEqualTo("CANCELLED");
				assertThat(env.messagesOn(env.queueUrl(QueueKind.STANDARD))).as("messages left").isZero();
			});
	}

	@Test
	void handlerThatIgnoresItsInterruptIsAbandonedAndTheJobIsCancelledOnceItsLeaseExpires() {
		int before = StubbornProbeHandler.RUNS.get();
		// Runs on 1.5 s after its cancel: past the grace (1 s), within the lease it has.
		UUID job = dispatcher
			.dispatch(NewJob.of(ProbeJobs.STUBBORN, "{\"maxMillis\":30000,\"afterCancelMillis\":1500}"))
			.jobId();
		await().atMost(Duration.ofSeconds(30)).until(() -> "RUNNING".equals(status(job)));

		assertThat(transitions.requestCancel(job, "a test")).isTrue();

		await().atMost(Duration.ofSeconds(30)).until(() -> status(job), "CANCELLED"::equals);
		assertThat(env.jdbc().queryForMap("SELECT attempts, last_error FROM jobs WHERE id = ?", job.toString()))
			.containsEntry("attempts", 1)
			.hasEntrySatisfying("last_error",
					error -> assertThat((String) error).contains("its last run did not stop in time"));
		assertThat(env.jdbc()
			.queryForList("SELECT CONCAT(attempt, ' ', outcome) FROM job_attempts WHERE job_id = ?", String.class,
					job.toString()))
			.as("abandoned, as an attempt whose lease expired")
			.containsExactly("1 LEASE_EXPIRED");
		assertThat(StubbornProbeHandler.RUNS.get() - before).as("runs").isEqualTo(1);
	}

	@Test
	void cancelOfAJobThatIsNotRunningIsNotRequested() {
		UUID job = UUID.randomUUID();
		assertThat(transitions.requestCancel(job, "a test")).as("no such job").isFalse();
		UUID done = dispatcher
			.dispatch(
					NewJob.of(ProbeJobs.PROBE, "{\"key\":\"done\",\"sequence\":0,\"workMillis\":0,\"failPercent\":0}"))
			.jobId();
		await().atMost(Duration.ofSeconds(30)).until(() -> status(done), "SUCCEEDED"::equals);
		assertThat(transitions.requestCancel(done, "a test")).as("a finished job").isFalse();
		assertThat(env.jdbc()
			.queryForList("SELECT cancel_requested_at FROM jobs WHERE id = ?", Object.class, done.toString()))
			.containsExactly((Object) null);
	}

	private static int runs(UUID job) {
		return env.jdbc()
			.queryForObject("SELECT COUNT(*) FROM probe_runs WHERE job_id = ?", Integer.class, job.toString());
	}

	private static String status(UUID job) {
		return env.jdbc().queryForObject("SELECT status FROM jobs WHERE id = ?", String.class, job.toString());
	}

}
