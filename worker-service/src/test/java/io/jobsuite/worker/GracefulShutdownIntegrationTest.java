package io.jobsuite.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.jobsuite.model.NewJob;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import io.jobsuite.worker.probe.ProbeJobs;
import io.jobsuite.worker.probe.ProbeTable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stopping a worker whose job outlives the shutdown grace: the job is interrupted and
 * given back (attempt not counted, message visible at once), and another worker takes it
 * over well within the lease.
 */
class GracefulShutdownIntegrationTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	@Test
	void unfinishedJobIsReleasedAtTheEndOfTheGraceAndTakenOverAtOnce() {
		ConfigurableApplicationContext first = worker("first");
		ProbeTable.create(env);
		UUID job = env.dispatcher()
			.dispatch(NewJob.of(ProbeJobs.PROBE,
					"{\"key\":\"shutdown\",\"sequence\":0,\"workMillis\":6000,\"failPercent\":0}"))
			.jobId();
		await().atMost(Duration.ofSeconds(20)).until(() -> runsOf(job) == 1);

		first.close();
		Instant stopped = Instant.now();

		assertThat(
				env.jdbc().queryForMap("SELECT status, attempts, lease_owner FROM jobs WHERE id = ?", job.toString()))
			.containsEntry("status", "QUEUED")
			.containsEntry("attempts", 0)
			.containsEntry("lease_owner", null);
		assertThat(env.jdbc()
			.queryForObject("SELECT outcome FROM probe_runs WHERE job_id = ?", String.class, job.toString()))
			.isEqualTo("INTERRUPTED");
		try (ConfigurableApplicationContext second = worker("second")) {
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(
						env.jdbc().queryForObject("SELECT status FROM jobs WHERE id = ?", String.class, job.toString()))
					.isEqualTo("SUCCEEDED"));
			Instant takenOver = env.jdbc()
				.queryForObject("SELECT started_at FROM probe_runs WHERE job_id = ? AND worker LIKE 'second%'",
						java.time.LocalDateTime.class, job.toString())
				.toInstant(java.time.ZoneOffset.UTC);
			assertThat(Duration.between(stopped, takenOver)).as("from release to the next start")
				.isLessThan(Duration.ofSeconds(15));
			assertThat(env.jdbc()
				.queryForList("SELECT outcome FROM job_attempts WHERE job_id = ?", String.class, job.toString()))
				.containsExactly("SUCCEEDED");
		}
	}

	private static int runsOf(UUID job) {
		return env.jdbc()
			.queryForObject("SELECT COUNT(*) FROM probe_runs WHERE job_id = ?", Integer.class, job.toString());
	}

	private static ConfigurableApplicationContext worker(String name) {
		// Arguments, not builder properties: those are defaults, below application.yml.
		return new SpringApplicationBuilder(WorkerApplication.class).run("--spring.datasource.url=" + env.jdbcUrl(),
				"--spring.datasource.username=root", "--spring.datasource.password=",
				"--spring.cloud.aws.sqs.endpoint=" + env.sqsEndpoint(), "--spring.cloud.aws.region.static=us-east-1",
				"--spring.cloud.aws.credentials.access-key=local", "--spring.cloud.aws.credentials.secret-key=local",
				"--jobs.queues.express=" + env.queues().express(), "--jobs.queues.standard=" + env.queues().standard(),
				"--jobs.queues.fifo=" + env.queues().fifo(), "--jobs.worker.id=" + name, "--jobs.worker.lease=60s",
				"--jobs.worker.shutdown-grace=1s");
	}

}
