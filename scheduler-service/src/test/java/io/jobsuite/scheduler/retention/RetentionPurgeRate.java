package io.jobsuite.scheduler.retention;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import io.jobsuite.model.retention.Retention;
import io.jobsuite.model.retention.RetentionProperties;
import io.jobsuite.testsupport.JobHistory;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A measurement, not a test of speed: how fast the shipped retention settings delete
 * finished jobs with their attempts, with one purger and with two. Prints the rates;
 * asserts only that everything due went. Tagged {@code benchmark}, so the default build
 * skips it ({@code -Dretention.batch=} tries another batch size):
 *
 * <pre>
 * ./mvnw -pl scheduler-service -am test -Dtest=RetentionPurgeRate -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dexcluded.test.groups=fault -Dretention.rows=200000
 * </pre>
 */
@Tag("benchmark")
@SpringBootTest
class RetentionPurgeRate {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
		registry.add("jobs.scan.cron", () -> "-");
		registry.add("jobs.retention.enabled", () -> "false");
	}

	@Autowired
	RetentionProperties shipped;

	@Autowired
	NamedParameterJdbcTemplate jdbc;

	@Autowired
	PlatformTransactionManager transactions;

	@Test
	void purgeRateOfFinishedJobsWithTheirAttempts() {
		long rows = Long.getLong("retention.rows", 200_000);
		RetentionProperties settings = new RetentionProperties(true, shipped.finishedAge(), shipped.failedAge(),
				Integer.getInteger("retention.batch", shipped.batchSize()), shipped.interval(),
				Integer.getInteger("retention.maxRate", shipped.maxRate()));
		for (int purgers : List.of(1, 2)) {
			long started = System.nanoTime();
			JobHistory.of(env.jdbc()).finished("SUCCEEDED", rows, Duration.ofDays(14), Duration.ofDays(8));
			double insertSeconds = (System.nanoTime() - started) / 1e9;
			env.jdbc().execute("ANALYZE TABLE jobs, job_attempts");

			ExecutorService threads = Executors.newFixedThreadPool(purgers);
			started = System.nanoTime();
			List<CompletableFuture<Retention.Purged>> rounds = IntStream.range(0, purgers)
				.mapToObj(i -> new Retention(jdbc, transactions, settings, new SimpleMeterRegistry()))
				.map(purger -> CompletableFuture.supplyAsync(purger::purgeDue, threads))
				.toList();
			long jobs = rounds.stream().map(CompletableFuture::join).mapToLong(Retention.Purged::jobs).sum();
			double seconds = (System.nanoTime() - started) / 1e9;
			threads.shutdown();

			assertThat(jobs).isEqualTo(rows);
			System.out.printf(
					"RETENTION RATE purgers=%d batch=%d maxRate=%d: %,d jobs + %,d attempts deleted in %.1f s = %,.0f jobs/s"
							+ " (%,.0f rows/s); history inserted in %.1f s%n",
					purgers, settings.batchSize(), settings.maxRate(), jobs, jobs, seconds, jobs / seconds,
					2 * jobs / seconds, insertSeconds);
		}
	}

}
