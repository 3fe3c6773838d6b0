package io.jobsuite.worker.maintenance;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.jobsuite.model.recurring.RecurringJobs;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shipped recurring job's handler, run by the worker from its queue as the
 * scheduler's nightly occurrence would be.
 */
@SpringBootTest
class TableStatisticsIntegrationTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
	}

	@Test
	void nightlyOccurrenceRefreshesTheStatisticsOfEachTableItNames() {
		UUID job = env.dispatcher()
			.dispatch(RecurringJobs.BUILT_IN.find("table-statistics")
				.orElseThrow()
				.occurrence(Instant.parse("2026-12-08T02:00:00Z")))
			.jobId();

		await().atMost(Duration.ofSeconds(30))
			.until(() -> env.jdbc()
				.queryForObject("SELECT status FROM jobs WHERE id = ?", String.class, job.toString())
				.equals("SUCCEEDED"));
		String result = env.jdbc().queryForObject("SELECT result FROM jobs WHERE id = ?", String.class, job.toString());
		for (String table : TableStatisticsHandler.TABLES) {
			assertThat(result).contains("\"" + table + "\":\"OK\"");
		}
	}

}
