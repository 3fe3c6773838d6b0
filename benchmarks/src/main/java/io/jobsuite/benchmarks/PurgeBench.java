package io.jobsuite.benchmarks;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.zaxxer.hikari.HikariDataSource;
import io.jobsuite.model.dispatch.JobDispatcher;
import io.jobsuite.model.retention.Retention;
import io.jobsuite.model.retention.RetentionProperties;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Retention beside the hot path: the real worker runs no-op jobs at full throughput (a
 * feeder keeps a backlog queued), and its rate is taken over a window without purging,
 * then over one purge round of every due job (the shipped {@link Retention} and settings,
 * from a scheduler context, the round its schedule runs), then without again. The round's
 * deleted rows per second is the purge rate; the worker's rate during it, against the
 * mean of the windows around it, is what the purge costs the hot path.
 */
final class PurgeBench {

	/** Queued jobs the feeder keeps ahead of the worker: enough for every consumer. */
	private static final int BACKLOG = 10_000;

	/**
	 * The longest warm-up and window without a purge; shorter for small runs (a second
	 * per 1,000 jobs of {@code bench.jobs}, 2 s at least).
	 */
	private static final Duration LONGEST_WINDOW = Duration.ofSeconds(15);

	/**
	 * What the round did and what the worker did meanwhile.
	 *
	 * @param due jobs past their retention when the round started
	 * @param jobs jobs the round deleted
	 * @param attempts attempt records it deleted with them
	 * @param seconds how long the round took
	 * @param workerAlone the worker's jobs/s without a purge (mean of the windows before
	 * and after)
	 * @param workerPurging the worker's jobs/s during the round
	 * @param settings the retention settings the round ran with
	 */
	record Result(long due, long jobs, long attempts, double seconds, double workerAlone, double workerPurging,
			String settings) {

		double jobsPerSecond() {
			return jobs / seconds;
		}

		double rowsPerSecond() {
			return (jobs + attempts) / seconds;
		}

		double workerRatio() {
			return workerPurging / workerAlone;
		}

	}

	private PurgeBench() {
	}

	static Result run(World world, BenchSettings settings) {
		Duration window = Duration.ofSeconds(Math.max(2, Math.min(LONGEST_WINDOW.toSeconds(), settings.jobs() / 1000)));
		JdbcTemplate jdbc = world.jdbc();
		world.truncateJobs();
		try (HikariDataSource pool = world.pool("bench-feeder");
				ConfigurableApplicationContext worker = Services.worker(world.serviceArguments());
				ConfigurableApplicationContext scheduler = Services.scheduler(world.serviceArguments(),
						"--jobs.retention.enabled=false")) {
			RetentionProperties retention = scheduler.getBean(RetentionProperties.class);
			AtomicBoolean feeding = new AtomicBoolean(true);
			AtomicLong dispatched = new AtomicLong();
			CompletableFuture<Void> feeder = CompletableFuture.runAsync(() -> feed(world, pool, feeding, dispatched));
			try {
				LockSupport.parkNanos(window.toNanos());
				double before = rate(world, () -> LockSupport.parkNanos(window.toNanos()));
				long due = due(jdbc, retention);
				Retention.Purged[] purged = new Retention.Purged[1];
				long start = System.nanoTime();
				double purging = rate(world, () -> purged[0] = scheduler.getBean(Retention.class).purgeDue());
				double seconds = (System.nanoTime() - start) / 1e9;
				double after = rate(world, () -> LockSupport.parkNanos(window.toNanos()));
				Result result = new Result(due, purged[0].jobs(), purged[0].attempts(), seconds, (before + after) / 2,
						purging,
						String.format("batch %d, %s, one purger", retention.batchSize(), retention.maxRate() == 0
								? "no max rate" : String.format("max rate %,d jobs/s", retention.maxRate())));
				Report.progress(
						"Purge: %,d of %,d due jobs + %,d attempts in %.1f s = %,.0f jobs/s (%,.0f rows/s); "
								+ "worker %,.0f jobs/s before, %,.0f purging, %,.0f after",
						result.jobs(), due, result.attempts(), seconds, result.jobsPerSecond(), result.rowsPerSecond(),
						before, purging, after);
				return result;
			}
			finally {
				feeding.set(false);
				feeder.join();
				awaitDrained(world, dispatched.get());
			}
		}
	}

	private static long due(JdbcTemplate jdbc, RetentionProperties settings) {
		return jdbc.queryForObject("""
				SELECT COUNT(*) FROM jobs
				WHERE status IN ('SUCCEEDED', 'CANCELLED', 'FAILED')
				  AND GREATEST(created_at, finished_at)
				      < DATE_SUB(UTC_TIMESTAMP(3), INTERVAL IF(status = 'FAILED', ?, ?) SECOND)
				""", Long.class, settings.failedAge().toSeconds(), settings.finishedAge().toSeconds());
	}

	/** The worker's succeeded jobs per second while {@code during} runs. */
	private static double rate(World world, Runnable during) {
		long before = world.succeeded();
		long start = System.nanoTime();
		during.run();
		return (world.succeeded() - before) / ((System.nanoTime() - start) / 1e9);
	}

	private static void feed(World world, HikariDataSource pool, AtomicBoolean feeding, AtomicLong dispatched) {
		JobDispatcher dispatcher = world.dispatcher(pool);
		JdbcTemplate jdbc = new JdbcTemplate(pool);
		while (feeding.get()) {
			long queued = jdbc.queryForObject(
					"SELECT COUNT(*) FROM jobs WHERE status IN ('QUEUED', 'RUNNING', 'RETRYING')", Long.class);
			if (queued < BACKLOG) {
				JobSuiteContender.dispatchNoops(dispatcher, JobSuiteContender.DISPATCH_CHUNK);
				dispatched.addAndGet(JobSuiteContender.DISPATCH_CHUNK);
			}
			else {
				LockSupport.parkNanos(ThroughputBench.POLL.toNanos());
			}
		}
	}

	private static void awaitDrained(World world, long dispatched) {
		long deadline = System.nanoTime() + ThroughputBench.RUN_LIMIT.toNanos();
		while (world.succeeded() < dispatched && System.nanoTime() < deadline) {
			LockSupport.parkNanos(ThroughputBench.POLL.toNanos());
		}
	}

}
