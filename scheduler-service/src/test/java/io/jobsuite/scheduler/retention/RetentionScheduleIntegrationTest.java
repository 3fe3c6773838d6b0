package io.jobsuite.scheduler.retention;

import java.time.Duration;

import io.jobsuite.testsupport.JobHistory;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The scheduler purges on its own, on the shipped wiring, and counts what it deleted. */
@SpringBootTest
class RetentionScheduleIntegrationTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
		registry.add("jobs.scan.cron", () -> "-");
		registry.add("jobs.retention.interval", () -> "200ms");
	}

	@Autowired
	MeterRegistry meters;

	@Test
	void schedulerDeletesWhatIsDueByItself() {
		JobHistory.of(env.jdbc()).finished("SUCCEEDED", 1_200, Duration.ofDays(9), Duration.ofDays(8));
		JobHistory.of(env.jdbc()).finished("SUCCEEDED", 300, Duration.ofDays(2), Duration.ofDays(1));

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(env.jdbc().queryForObject("SELECT COUNT(*) FROM jobs", Long.class))
				.isEqualTo(300));
		assertThat(env.jdbc().queryForObject("SELECT COUNT(*) FROM job_attempts", Long.class)).isEqualTo(300);
		assertThat(meters.get("jobs.retention.deleted").tag("table", "jobs").counter().count()).isEqualTo(1_200);
		assertThat(meters.get("jobs.retention.deleted").tag("table", "job_attempts").counter().count())
			.isEqualTo(1_200);
	}

}
