package io.jobsuite.worker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.jobsuite.model.InvalidBatchException;
import io.jobsuite.model.NewBatch;
import io.jobsuite.model.NewBatch.FailurePolicy;
import io.jobsuite.model.NewJob;
import io.jobsuite.model.dispatch.DispatchedBatch;
import io.jobsuite.model.dispatch.JobDispatcher;
import io.jobsuite.model.dispatch.OutboxRelay;
import io.jobsuite.model.store.JobTransitions;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import io.jobsuite.worker.probe.ProbeJobs;
import io.jobsuite.worker.probe.ProbeTable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Batches against MariaDB and ElasticMQ with the shipped configuration: dependencies
 * order the runs, a failure cancels its dependents, a retry re-arms them, and each
 * callback runs once. Probe runs are read from {@code probe_runs}, not assumed.
 */
@SpringBootTest
class BatchIntegrationTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	static JobDispatcher dispatcher;

	@Autowired
	JobTransitions transitions;

	@Autowired
	OutboxRelay relay;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
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
	void jobsRunAfterTheirDependenciesAndSuccessCallbacksRunOnce() {
		String run = UUID.randomUUID().toString();
		DispatchedBatch batch = dispatcher.dispatchBatch(NewBatch.named("dag " + run)
			.add("d", probe(run + "-d", 0), "c")
			.add("a", probe(run + "-a", 300))
			.add("b", probe(run + "-b", 0))
			.add("c", probe(run + "-c", 0), "a", "b")
			.onSuccess(ProbeJobs.PROBE, payload(run + "-success", 0))
			.onFailure(ProbeJobs.PROBE, payload(run + "-failure", 0))
			.onComplete(ProbeJobs.PROBE, payload(run + "-complete", 0)));

		awaitCallback(batch, "success");
		awaitCallback(batch, "complete");
		assertThat(statuses(batch)).containsOnly("SUCCEEDED");
		assertRunsAfter(run + "-c", run + "-a", run + "-b");
		assertRunsAfter(run + "-d", run + "-c");
		assertThat(runs(run + "-success")).isEqualTo(1);
		assertThat(runs(run + "-complete")).isEqualTo(1);
		assertThat(runs(run + "-failure")).isZero();
		assertThat(env.jdbc()
			.queryForMap("SELECT pending, failed, failure_job_id, finished_at FROM job_batches WHERE id = ?",
					batch.batchId().toString()))
			.containsEntry("pending", 0)
			.containsEntry("failed", 0)
			.containsEntry("failure_job_id", null)
			.hasEntrySatisfying("finished_at", finished -> assertThat(finished).isNotNull());
		assertThat(env.jdbc()
			.queryForList("SELECT attempts FROM jobs WHERE batch_id = ?", Integer.class, batch.batchId().toString()))
			.as("waiting for dependencies costs no attempt")
			.containsOnly(1);
	}

	@Test
	void aCycleOrAnUnknownDependencyIsRefusedAndNothingIsStored() {
		int batches = env.jdbc().queryForObject("SELECT COUNT(*) FROM job_batches", Integer.class);

		assertThatThrownBy(() -> dispatcher.dispatchBatch(NewBatch.named("cycle")
			.add("a", probe("cycle-a", 0), "c")
			.add("b", probe("cycle-b", 0), "a")
			.add("c", probe("cycle-c", 0), "b"))).isInstanceOf(InvalidBatchException.class)
			.hasMessageContaining("cycle")
			.hasMessageContaining("a -> c -> b -> a");
		assertThatThrownBy(
				() -> dispatcher.dispatchBatch(NewBatch.named("unknown").add("a", probe("unknown-a", 0), "nothing")))
			.isInstanceOf(InvalidBatchException.class)
			.hasMessageContaining("'nothing', which is not in the batch");
		assertThat(env.jdbc().queryForObject("SELECT COUNT(*) FROM job_batches", Integer.class)).isEqualTo(batches);
	}

	@Test
	void aFailureCancelsItsDependentsAndARetryReArmsThemWithEachCallbackOnce() {
		String run = UUID.randomUUID().toString();
		DispatchedBatch batch = dispatcher.dispatchBatch(NewBatch.named("failing " + run)
			.add("reserve", failing(run + "-reserve"))
			.add("email", probe(run + "-email", 0))
			.add("invoice", probe(run + "-invoice", 0), "reserve", "email")
			.add("archive", probe(run + "-archive", 0), "invoice")
			.onSuccess(ProbeJobs.PROBE, payload(run + "-success", 0))
			.onFailure(ProbeJobs.PROBE, payload(run + "-failure", 0))
			.onComplete(ProbeJobs.PROBE, payload(run + "-complete", 0)));

		awaitCallback(batch, "failure");
		awaitCallback(batch, "complete");
		assertThat(status(batch, "reserve")).isEqualTo("FAILED");
		assertThat(status(batch, "email")).isEqualTo("SUCCEEDED");
		assertThat(status(batch, "invoice")).isEqualTo("CANCELLED");
		assertThat(status(batch, "archive")).isEqualTo("CANCELLED");
		assertThat(runs(run + "-invoice") + runs(run + "-archive")).isZero();

		// Ops fix what failed and retry it: the batch reopens and its cancelled jobs wait
		// again.
		UUID reserve = batch.jobId("reserve");
		env.jdbc().update("UPDATE jobs SET payload = ? WHERE id = ?", payload(run + "-reserve", 0), reserve.toString());
		assertThat(transitions.retryFailed(reserve, 1, Duration.ZERO, Duration.ZERO)).isTrue();
		relay.sendNow(List.of(reserve));
		assertThat(env.jdbc()
			.queryForObject("SELECT finished_at FROM job_batches WHERE id = ?", Object.class,
					batch.batchId().toString()))
			.as("reopened")
			.isNull();

		awaitCallback(batch, "success");
		assertThat(statuses(batch)).containsOnly("SUCCEEDED");
		assertRunsAfter(run + "-invoice", run + "-reserve", run + "-email");
		assertRunsAfter(run + "-archive", run + "-invoice");
		assertThat(runs(run + "-success")).isEqualTo(1);
		assertThat(runs(run + "-failure")).isEqualTo(1);
		assertThat(runs(run + "-complete")).isEqualTo(1);
	}

	@Test
	void underContinueAFailedDependencyCountsAsEnded() {
		String run = UUID.randomUUID().toString();
		DispatchedBatch batch = dispatcher.dispatchBatch(NewBatch.named("continue " + run)
			.withPolicy(FailurePolicy.CONTINUE)
			.add("a", failing(run + "-a"))
			.add("b", probe(run + "-b", 0), "a")
			.onFailure(ProbeJobs.PROBE, payload(run + "-failure", 0)));

		awaitCallback(batch, "failure");
		assertThat(status(batch, "a")).isEqualTo("FAILED");
		assertThat(status(batch, "b")).isEqualTo("SUCCEEDED");
		assertThat(runs(run + "-failure")).isEqualTo(1);
	}

	private void awaitCallback(DispatchedBatch batch, String kind) {
		await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
			List<String> status = env.jdbc()
				.queryForList(
						"SELECT j.status FROM job_batches b JOIN jobs j ON j.id = b." + kind + "_job_id WHERE b.id = ?",
						String.class, batch.batchId().toString());
			assertThat(status).as(kind + " callback").containsExactly("SUCCEEDED");
		});
	}

	private static List<String> statuses(DispatchedBatch batch) {
		return env.jdbc()
			.queryForList("SELECT status FROM jobs WHERE batch_id = ?", String.class, batch.batchId().toString());
	}

	private static String status(DispatchedBatch batch, String key) {
		return env.jdbc()
			.queryForObject("SELECT status FROM jobs WHERE id = ?", String.class, batch.jobId(key).toString());
	}

	private static int runs(String key) {
		return env.jdbc()
			.queryForObject("SELECT COUNT(*) FROM probe_runs WHERE probe_key = ? AND outcome = 'SUCCEEDED'",
					Integer.class, key);
	}

	/** Every run of {@code job} started after each dependency's successful run ended. */
	private static void assertRunsAfter(String job, String... dependencies) {
		for (String dependency : dependencies) {
			Map<String, Object> times = env.jdbc().queryForMap("""
					SELECT (SELECT MIN(started_at) FROM probe_runs WHERE probe_key = ?) AS started,
					       (SELECT MAX(finished_at) FROM probe_runs WHERE probe_key = ? AND outcome = 'SUCCEEDED')
					           AS finished
					""", job, dependency);
			assertThat(times.get("started")).as(job + " started").isNotNull();
			assertThat(times.get("finished")).as(dependency + " succeeded").isNotNull();
			assertThat(((java.time.LocalDateTime) times.get("started")))
				.as(job + " starts after " + dependency + " ended")
				.isAfterOrEqualTo((java.time.LocalDateTime) times.get("finished"));
		}
	}

	private static NewJob probe(String key, long workMillis) {
		return NewJob.of(ProbeJobs.PROBE, payload(key, workMillis));
	}

	private static NewJob failing(String key) {
		return NewJob
			.of(ProbeJobs.PROBE, "{\"key\":\"" + key + "\",\"sequence\":0,\"workMillis\":0,\"failPercent\":100}")
			.withMaxAttempts(1);
	}

	private static String payload(String key, long workMillis) {
		return "{\"key\":\"" + key + "\",\"sequence\":0,\"workMillis\":" + workMillis + ",\"failPercent\":0}";
	}

}
