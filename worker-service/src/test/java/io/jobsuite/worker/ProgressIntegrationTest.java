package io.jobsuite.worker;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.jobsuite.model.NewJob;
import io.jobsuite.model.store.ClaimResult;
import io.jobsuite.model.store.ClaimedJob;
import io.jobsuite.model.store.JobClaims;
import io.jobsuite.model.store.JobProgress;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import io.jobsuite.worker.probe.ProbeJobs;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Progress reports on MariaDB and ElasticMQ: throttled by the worker, fenced by the
 * lease, cleared by the next claim.
 */
@SpringBootTest
@DirtiesContext
class ProgressIntegrationTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	@Autowired
	CountingProgress progress;

	@Autowired
	JobClaims claims;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
	}

	@Test
	void handlerReportingAHundredTimesInTwoSecondsWritesOncePerSecondAndTheRowEndsOnItsLastReport() {
		int before = progress.writes.get();
		UUID job = env.dispatcher()
			.dispatch(NewJob.of(ProbeJobs.PROGRESS,
					JsonMapper.builder().build().writeValueAsString(Map.of("reports", 100, "spacingMillis", 20))))
			.jobId();

		await().atMost(Duration.ofSeconds(30))
			.until(() -> "SUCCEEDED".equals(
					env.jdbc().queryForObject("SELECT status FROM jobs WHERE id = ?", String.class, job.toString())));

		Map<String, Object> row = env.jdbc()
			.queryForMap("SELECT progress, progress_message, progress_at, result FROM jobs WHERE id = ?",
					job.toString());
		long reportingMillis = JsonMapper.builder()
			.build()
			.readTree((String) row.get("result"))
			.get("reportingMillis")
			.asLong();
		int writes = progress.writes.get() - before;
		System.out.printf("100 reports over %d ms: %d progress writes%n", reportingMillis, writes);
		// One write per whole second after the first, plus the held last report.
		assertThat(writes).isBetween(1, (int) (reportingMillis / 1000) + 1);
		assertThat(writes).isLessThanOrEqualTo(3);
		assertThat((BigDecimal) row.get("progress")).isEqualByComparingTo("1");
		assertThat(row).containsEntry("progress_message", "report 100 of 100");
		assertThat(row.get("progress_at")).isNotNull();
	}

	@Test
	void staleAttemptCannotOverwriteTheProgressOfANewerOneAndANewAttemptStartsWithNone() {
		UUID job = UUID.randomUUID();
		// Sent and looked at much later: neither the relay nor the reconciler touches it.
		env.jdbc().update("""
				INSERT INTO jobs (id, type, queue, status, payload, attempts, max_attempts, not_before, created_at,
				                  sent_at, recheck_at)
				VALUES (?, ?, 'STANDARD', 'QUEUED', '{}', 0, 3, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3), UTC_TIMESTAMP(3),
				        DATE_ADD(UTC_TIMESTAMP(3), INTERVAL 1 HOUR))
				""", job.toString(), ProbeJobs.PROGRESS.name());
		ClaimedJob older = claim(job, "older#1", Duration.ofMillis(300));
		assertThat(progress.report(older, 0.3, "older: page 3")).isTrue();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> env.jdbc()
				.queryForObject("SELECT lease_until < UTC_TIMESTAMP(3) FROM jobs WHERE id = ?", Boolean.class,
						job.toString()));

		ClaimedJob newer = claim(job, "newer#1", Duration.ofMinutes(1));
		assertThat(progressOf(job)).as("after the new claim").containsExactly(null, null);
		assertThat(progress.report(newer, 0.1, "newer: page 1")).isTrue();
		assertThat(progress.report(older, 0.9, "older: page 9")).as("the stale attempt's write").isFalse();

		assertThat(progressOf(job)).containsExactly(new BigDecimal("0.1000"), "newer: page 1");
	}

	private ClaimedJob claim(UUID job, String owner, Duration lease) {
		ClaimResult result = claims.claim(List.of(job), owner, lease, false).get(job);
		assertThat(result).isInstanceOf(ClaimResult.Won.class);
		return ((ClaimResult.Won) result).job();
	}

	private static List<Object> progressOf(UUID job) {
		return env.jdbc()
			.query("SELECT progress, progress_message FROM jobs WHERE id = ?",
					(rs, n) -> Arrays.<Object>asList(rs.getBigDecimal(1), rs.getString(2)), job.toString())
			.get(0);
	}

	/** The shipped store, counting the writes that reach it. */
	static class CountingProgress extends JobProgress {

		final AtomicInteger writes = new AtomicInteger();

		CountingProgress(NamedParameterJdbcTemplate jdbc) {
			super(jdbc);
		}

		@Override
		public boolean report(ClaimedJob job, double fraction, String message) {
			writes.incrementAndGet();
			return super.report(job, fraction, message);
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Counting {

		@Bean
		@Primary
		CountingProgress countingProgress(NamedParameterJdbcTemplate jdbc) {
			return new CountingProgress(jdbc);
		}

	}

}
