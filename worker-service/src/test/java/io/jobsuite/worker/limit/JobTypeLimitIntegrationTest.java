package io.jobsuite.worker.limit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.jobsuite.model.NewJob;
import io.jobsuite.model.dispatch.JobDispatcher;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import io.jobsuite.worker.probe.ProbeJobs;
import io.jobsuite.worker.probe.ProbeTable;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A job type with a limit of 2 through the worker's run path: never more than two of its
 * jobs run at once, those that waited for a permit spent no attempt, and every permit is
 * free once they ended.
 */
@SpringBootTest
class JobTypeLimitIntegrationTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	@Autowired
	MeterRegistry meters;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
		registry.add("jobs.worker.lease", () -> JobSuiteEnvironment.VISIBILITY.toString());
		registry.add("jobs.limits.job-types.test-probe", () -> "2");
	}

	@Test
	void noMoreJobsOfATypeRunAtOnceThanItsLimitAndWaitingSpendsNoAttempt() {
		ProbeTable.create(env);
		JobDispatcher dispatcher = env.dispatcher();
		List<NewJob> probes = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			probes.add(NewJob.of(ProbeJobs.PROBE,
					"{\"key\":\"limited-" + i + "\",\"sequence\":0,\"workMillis\":600,\"failPercent\":0}"));
		}
		dispatcher.dispatchAll(probes);

		await().atMost(Duration.ofSeconds(120))
			.until(() -> env.jdbc()
				.queryForObject("SELECT COUNT(*) FROM jobs WHERE status = 'SUCCEEDED'", Integer.class) == 8);
		assertThat(env.jdbc().queryForObject("""
				SELECT MAX((SELECT COUNT(*) FROM probe_runs b
				            WHERE b.started_at <= a.started_at AND b.finished_at > a.started_at))
				FROM probe_runs a
				""", Integer.class)).as("probes running at once").isLessThanOrEqualTo(2);
		assertThat(env.jdbc().queryForList("SELECT attempts FROM jobs", Integer.class)).containsOnly(1);
		assertThat(meters.find("jobs.limit.waits").tag("kind", "type").counter()).as("waits for a permit")
			.isNotNull()
			.satisfies(counter -> assertThat(counter.count()).isPositive());
		assertThat(env.jdbc()
			.queryForObject("SELECT COUNT(*) FROM concurrency_permits WHERE holder IS NOT NULL", Integer.class))
			.as("permits held once every job ended")
			.isZero();
	}

}
