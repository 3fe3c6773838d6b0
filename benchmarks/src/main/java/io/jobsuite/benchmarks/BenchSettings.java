package io.jobsuite.benchmarks;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one benchmark run measures and how big, read from {@code bench.*} system
 * properties.
 *
 * @param jobs no-op jobs per throughput run, for each contender
 * @param warmupJobs jobs each contender runs once before the measured runs (not counted)
 * @param runs measured runs per figure; the table shows their median, min and max
 * @param backlog standard jobs queued before the Sync Now requests; also the delayed jobs
 * pending (due tomorrow) in the delayed-jobs figure
 * @param syncNow Sync Now requests spread over the drain of the backlog
 * @param clients due clients the schedulers scan
 * @param schedulers scheduler JVMs scanning at once
 * @param schedulerHeap the -Xmx of each scheduler JVM
 * @param childJvmArgs extra JVM flags for the scheduler JVMs (JFR, for instance)
 * @param only which figures to measure: throughput, latency, scan, delayed
 * @param contenders which throughput contenders run: jobsuite, jobrunr, db-scheduler, raw
 * @param output where the JSON results go
 * @param delayedDue delayed jobs that fall due during a delayed-jobs run
 * @param soak whether to run the soak instead: jobsuite's figures on empty tables, then
 * again on {@code soakJobs} finished jobs of history, with retention running
 * @param soakJobs finished jobs (with their attempts) preloaded for the soak
 */
record BenchSettings(int jobs, int warmupJobs, int runs, int backlog, int syncNow, int clients, int schedulers,
		String schedulerHeap, String childJvmArgs, Set<String> only, Set<String> contenders, Path output,
		int delayedDue, boolean soak, int soakJobs) {

	static BenchSettings fromSystemProperties() {
		int jobs = Integer.getInteger("bench.jobs", 20_000);
		return new BenchSettings(jobs, Integer.getInteger("bench.warmupJobs", Math.min(jobs, 5_000)),
				Integer.getInteger("bench.runs", 3), Integer.getInteger("bench.backlog", 100_000),
				Integer.getInteger("bench.syncNow", 200), Integer.getInteger("bench.clients", 1_000_000),
				Integer.getInteger("bench.schedulers", 3), System.getProperty("bench.schedulerHeap", "256m"),
				System.getProperty("bench.childJvmArgs", ""),
				list(System.getProperty("bench.only", "throughput,latency,scan,delayed")),
				list(System.getProperty("bench.contenders", "jobsuite,jobrunr,db-scheduler,raw")),
				Path.of(System.getProperty("bench.output", "target/benchmark-results.json")),
				Integer.getInteger("bench.delayedDue", 2_000), Boolean.getBoolean("bench.soak"),
				Integer.getInteger("bench.soakJobs", 10_000_000));
	}

	private static Set<String> list(String commaSeparated) {
		return Arrays.stream(commaSeparated.split(","))
			.map(String::trim)
			.filter(s -> !s.isEmpty())
			.collect(Collectors.toSet());
	}

	boolean races(String contender) {
		return contenders.contains(contender);
	}

	boolean measures(String figure) {
		return only.contains(figure);
	}

}
