package io.jobsuite.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.jobsuite.model.QueueKind;
import io.jobsuite.testsupport.JobHistory;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The soak: jobsuite's figures on empty tables, then the same figures on a history of
 * {@code soakJobs} finished jobs with their attempts, in one run, each phase beside a
 * scheduler that runs retention as shipped; between them, the purge of the history's due
 * part while the worker runs at full throughput ({@link PurgeBench}).
 */
final class Soak {

	/**
	 * The history: mostly successes, spread over a day more than the finished jobs'
	 * retention, and failures over two days more than theirs, up to a minute ago; about
	 * an eighth is due for deletion when the preload ends.
	 */
	static final List<Share> HISTORY = List.of(new Share("SUCCEEDED", 0.90, Duration.ofDays(8)),
			new Share("CANCELLED", 0.05, Duration.ofDays(8)), new Share("FAILED", 0.05, Duration.ofDays(32)));

	private static final Duration NEWEST = Duration.ofMinutes(1);

	/**
	 * One status's part of the history.
	 *
	 * @param status a final status
	 * @param share of the history's jobs
	 * @param oldest how long ago the oldest was created
	 */
	record Share(String status, double share, Duration oldest) {

		@Override
		public String toString() {
			return String.format("%.0f %% %s over %d days", share * 100, status, oldest.toDays());
		}

	}

	/**
	 * One phase's figures; a figure not measured ({@code bench.only}) is null.
	 *
	 * @param throughput no-op jobs/s and CPU per 1,000 jobs
	 * @param syncNow Sync Now latencies under a backlog
	 * @param admin milliseconds per admin request, by path
	 * @param scan the scan race
	 */
	record Phase(ThroughputBench.Result throughput, List<SyncNowBench.Run> syncNow, Map<String, List<Double>> admin,
			List<ScanBench.Run> scan) {
	}

	/**
	 * What the preload wrote and how long it took.
	 *
	 * @param jobs finished jobs, one attempt each
	 * @param seconds the bulk inserts' time
	 */
	record Preload(long jobs, double seconds) {
	}

	private Soak() {
	}

	static void run(World world, CpuClock cpu, BenchSettings settings, Report report) throws Exception {
		JdbcTemplate jdbc = world.jdbc();
		world.truncateJobs();
		Map<String, TableSizes.Size> empty = TableSizes.of(jdbc);
		Phase onEmpty = phase(world, cpu, settings);
		world.truncateJobs();
		Preload preload = preload(jdbc, settings.soakJobs());
		world.keepHistory();
		Map<String, TableSizes.Size> loaded = TableSizes.of(jdbc);
		Report.progress("Soak: %,d finished jobs with their attempts preloaded in %.1f s; %s", preload.jobs(),
				preload.seconds(), loaded);
		PurgeBench.Result purge = PurgeBench.run(world, settings);
		Phase onHistory = phase(world, cpu, settings);
		world.truncateJobs();
		new SoakReport(report, settings).print(preload, List.of(empty, loaded, TableSizes.of(jdbc)), onEmpty, onHistory,
				purge);
	}

	/**
	 * Every figure once, on what the tables hold now, with a scheduler running retention
	 * beside (its scan off).
	 */
	private static Phase phase(World world, CpuClock cpu, BenchSettings settings) throws Exception {
		try (ConfigurableApplicationContext retention = Services.scheduler(world.serviceArguments())) {
			ThroughputBench.Result throughput = settings.measures("throughput")
					? new ThroughputBench(cpu, settings).race(JobSuiteContender::new, world) : null;
			List<SyncNowBench.Run> syncNow = settings.measures("latency") ? BenchmarkMain.syncNowRuns(world, settings)
					: null;
			Map<String, List<Double>> admin;
			try (AdminBench bench = new AdminBench(world, settings)) {
				admin = bench.measure();
			}
			List<ScanBench.Run> scan = null;
			if (settings.measures("scan")) {
				scan = BenchmarkMain.scanRuns(world, settings);
				// The scan's jobs are never run: their messages would reach the next
				// phase's worker.
				world.env().sqs().purgeQueue(r -> r.queueUrl(world.env().queueUrl(QueueKind.STANDARD)));
			}
			return new Phase(throughput, syncNow, admin, scan);
		}
	}

	private static Preload preload(JdbcTemplate jdbc, long jobs) {
		long start = System.nanoTime();
		long written = 0;
		for (Share share : HISTORY) {
			written += JobHistory.of(jdbc)
				.finished(share.status(), Math.round(jobs * share.share()), share.oldest(), NEWEST);
		}
		// What the API's rollup would hold had the history run through it: the overview
		// reads it. Only what finished before its mark: the API counts from there on.
		jdbc.update("""
				INSERT INTO attempt_counts (minute_start, queue, type, outcome, attempts)
				SELECT DATE_FORMAT(a.finished_at, '%Y-%m-%d %H:%i:00'), j.queue, j.type, a.outcome, COUNT(*)
				FROM job_attempts a JOIN jobs j ON j.id = a.job_id
				WHERE a.finished_at < (SELECT counted_to FROM attempt_counts_mark WHERE id = 1)
				GROUP BY 1, 2, 3, 4
				ON DUPLICATE KEY UPDATE attempts = attempts + VALUES(attempts)
				""");
		return new Preload(written, (System.nanoTime() - start) / 1e9);
	}

}
