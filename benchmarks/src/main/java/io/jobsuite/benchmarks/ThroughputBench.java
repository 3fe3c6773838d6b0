package io.jobsuite.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * The throughput race: each contender gets a warm-up run (not counted), then {@code runs}
 * runs of {@code jobs} no-op jobs. A run's clock starts before the first job is handed
 * over and stops when the contender's database says all of them succeeded; its CPU is
 * this JVM's and the database server's.
 */
final class ThroughputBench {

	static final Duration POLL = Duration.ofMillis(50);

	static final Duration RUN_LIMIT = Duration.ofMinutes(10);

	/**
	 * One measured run.
	 *
	 * @param seconds from the first job handed over to the last one recorded as succeeded
	 * @param cpu CPU seconds used meanwhile by this JVM and by the database server
	 */
	record Run(int jobs, double seconds, CpuClock.Reading cpu) {

		double jobsPerSecond() {
			return jobs / seconds;
		}

		double cpuPerThousand() {
			return cpu.total() * 1000 / jobs;
		}

	}

	/**
	 * A contender's results.
	 *
	 * @param name the contender
	 * @param runs the measured runs (warm-up excluded)
	 */
	record Result(String name, List<Run> runs) {

		Stats jobsPerSecond() {
			return Stats.of(runs.stream().map(Run::jobsPerSecond).toList());
		}

		Stats cpuPerThousand() {
			return Stats.of(runs.stream().map(Run::cpuPerThousand).toList());
		}

		Stats jvmCpuPerThousand() {
			return Stats.of(runs.stream().map(r -> r.cpu().jvmSeconds() * 1000 / r.jobs()).toList());
		}

		Stats databaseCpuPerThousand() {
			return Stats.of(runs.stream().map(r -> r.cpu().databaseSeconds() * 1000 / r.jobs()).toList());
		}

	}

	private final CpuClock cpu;

	private final BenchSettings settings;

	ThroughputBench(CpuClock cpu, BenchSettings settings) {
		this.cpu = cpu;
		this.settings = settings;
	}

	Result race(Function<World, Contender> start, World world) throws Exception {
		try (Contender contender = start.apply(world)) {
			if (settings.warmupJobs() > 0) {
				measure(contender, settings.warmupJobs());
			}
			List<Run> runs = new ArrayList<>();
			for (int i = 0; i < settings.runs(); i++) {
				Run run = measure(contender, settings.jobs());
				Report.progress("%s run %d: %,d jobs in %.2f s = %,.0f jobs/s, CPU %.2f s/1000 jobs", contender.name(),
						i + 1, run.jobs(), run.seconds(), run.jobsPerSecond(), run.cpuPerThousand());
				runs.add(run);
			}
			return new Result(contender.name(), runs);
		}
	}

	private Run measure(Contender contender, int jobs) throws Exception {
		contender.reset();
		CpuClock.Reading before = cpu.read();
		long start = System.nanoTime();
		CompletableFuture<Void> submitting = CompletableFuture.runAsync(() -> {
			try {
				contender.submit(jobs);
			}
			catch (Exception ex) {
				throw new IllegalStateException(contender.name() + " did not take the jobs", ex);
			}
		});
		long deadline = start + RUN_LIMIT.toNanos();
		while (contender.succeeded() < jobs) {
			if (submitting.isCompletedExceptionally() || System.nanoTime() > deadline) {
				submitting.join();
				throw new IllegalStateException(contender.name() + " finished " + contender.succeeded() + " of " + jobs
						+ " jobs within " + RUN_LIMIT);
			}
			LockSupport.parkNanos(POLL.toNanos());
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		CpuClock.Reading used = cpu.read().minus(before);
		submitting.join();
		return new Run(jobs, seconds, used);
	}

}
