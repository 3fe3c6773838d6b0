package io.jobsuite.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.github.kagkarlsson.scheduler.Scheduler;
import org.jobrunr.configuration.JobRunr;

import org.springframework.boot.SpringBootVersion;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The benchmark: throughput against JobRunr, db-scheduler and the raw queue, Sync Now
 * latency under a backlog, and the scan race, each the median of several runs; prints a
 * table and writes JSON.
 */
public final class BenchmarkMain {

	private BenchmarkMain() {
	}

	public static void main(String[] args) {
		int status = 1;
		try {
			run(BenchSettings.fromSystemProperties());
			status = 0;
		}
		catch (Exception ex) {
			ex.printStackTrace();
		}
		// ElasticMQ and the peers keep non-daemon threads: end the JVM explicitly either
		// way.
		System.exit(status);
	}

	static Report run(BenchSettings settings) throws Exception {
		long start = System.nanoTime();
		CpuClock cpu = new CpuClock();
		try (World world = new World()) {
			Report report = new Report(settings, environment(world, cpu));
			if (settings.soak()) {
				report.attempt("soak", () -> Soak.run(world, cpu, settings, report));
			}
			else {
				measureAll(world, cpu, settings, report);
			}
			Report.progress("Benchmark took %.1f min", (System.nanoTime() - start) / 60e9);
			report.print();
			return report;
		}
	}

	private static void measureAll(World world, CpuClock cpu, BenchSettings settings, Report report) {
		if (settings.measures("throughput")) {
			report.attempt("throughput", () -> throughput(world, cpu, settings, report));
		}
		if (settings.measures("latency")) {
			report.attempt("latency", () -> report.syncNow(syncNowRuns(world, settings)));
		}
		if (settings.measures("scan")) {
			report.attempt("scan", () -> report.scan(scanRuns(world, settings)));
		}
		if (settings.measures("delayed")) {
			report.attempt("delayed", () -> report.delayed(DelayedBench.runs(world, settings)));
		}
	}

	private static void throughput(World world, CpuClock cpu, BenchSettings settings, Report report) throws Exception {
		ThroughputBench bench = new ThroughputBench(cpu, settings);
		List<ThroughputBench.Result> results = new ArrayList<>();
		Map<String, Function<World, Contender>> contenders = new LinkedHashMap<>();
		contenders.put("jobsuite", JobSuiteContender::new);
		contenders.put("jobrunr", JobRunrContender::new);
		contenders.put("db-scheduler", DbSchedulerContender::new);
		contenders.put("raw", RawQueueContender::new);
		for (Map.Entry<String, Function<World, Contender>> contender : contenders.entrySet()) {
			if (settings.races(contender.getKey())) {
				results.add(bench.race(contender.getValue(), world));
			}
		}
		report.throughput(results);
	}

	static List<SyncNowBench.Run> syncNowRuns(World world, BenchSettings settings) {
		List<SyncNowBench.Run> runs = new ArrayList<>();
		try (SyncNowBench bench = new SyncNowBench(world, settings)) {
			if (settings.warmupJobs() > 0) {
				bench.run(settings.warmupJobs());
			}
			for (int i = 0; i < settings.runs(); i++) {
				runs.add(bench.run(settings.backlog()));
			}
		}
		return runs;
	}

	static List<ScanBench.Run> scanRuns(World world, BenchSettings settings) throws Exception {
		ScanBench bench = new ScanBench(world, settings);
		long insertStart = System.nanoTime();
		bench.insertClients();
		Report.progress("Scan: %,d clients inserted in %.1f s", settings.clients(),
				(System.nanoTime() - insertStart) / 1e9);
		List<ScanBench.Run> runs = new ArrayList<>();
		for (int i = 0; i < settings.runs(); i++) {
			ScanBench.Run run = bench.run();
			Report.progress("Scan run %d: %.1f s, %,d jobs, %d duplicate(s), peak heap %d MB, per scheduler %s", i + 1,
					run.seconds(), run.jobs(), run.duplicateJobs(), run.peakHeapBytes() / 1048576, run.perScheduler());
			runs.add(run);
		}
		return runs;
	}

	private static Map<String, String> environment(World world, CpuClock cpu) throws IOException {
		JdbcTemplate jdbc = world.jdbc();
		Map<String, Object> db = jdbc.queryForMap("SELECT @@version AS version, "
				+ "@@innodb_flush_log_at_trx_commit AS flush, @@sync_binlog AS sync_binlog, @@log_bin AS log_bin, "
				+ "@@innodb_buffer_pool_size DIV 1048576 AS pool_mb, @@innodb_doublewrite AS doublewrite");
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("machine",
				cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, " + totalMemoryGb()
						+ " GB RAM, " + System.getProperty("os.name") + " " + System.getProperty("os.version"));
		environment.put("load", "load average " + CpuClock.loadAverage() + " at the start (1, 5, 15 min)");
		environment.put("JVM",
				System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + ", "
						+ ManagementFactory.getRuntimeMXBean()
							.getInputArguments()
							.stream()
							.filter(a -> a.startsWith("-X"))
							.toList());
		environment.put("database", "MariaDB " + db.get("version") + " at 127.0.0.1:3306, InnoDB defaults "
				+ "(innodb_flush_log_at_trx_commit=" + db.get("flush") + ", doublewrite=" + db.get("doublewrite")
				+ ", buffer pool " + db.get("pool_mb") + " MB, log_bin=" + db.get("log_bin") + ")"
				+ (cpu.seesDatabase() ? "" : "; its CPU is not visible here and not counted"));
		environment.put("queue", "ElasticMQ " + versionOf(org.elasticmq.rest.sqs.SQSRestServer.class, "1.7.1")
				+ " in this JVM (its CPU counts in the JVM column)");
		environment.put("versions",
				"jobsuite " + versionOf(BenchmarkMain.class, "0.1.0-SNAPSHOT") + " (Spring Boot "
						+ SpringBootVersion.getVersion() + "), JobRunr " + versionOf(JobRunr.class, "8.7.0")
						+ ", db-scheduler " + versionOf(Scheduler.class, "16.12.0"));
		environment.put("jobsuite", "real worker (and API) Spring contexts in this JVM with their application.yml; "
				+ "dispatch in chunks of " + JobSuiteContender.DISPATCH_CHUNK);
		environment.put("peers",
				"JobRunr: MariaDbStorageProvider, " + JobRunrContender.WORKERS + " workers, poll "
						+ JobRunrContender.POLL_INTERVAL.toSeconds() + " s (its minimum); db-scheduler: "
						+ DbSchedulerContender.THREADS + " threads, polling " + DbSchedulerContender.POLLING.toMillis()
						+ " ms; raw: " + RawQueueContender.CONSUMERS + " consumers; each on a Hikari pool of "
						+ World.POOL_SIZE);
		return environment;
	}

	private static String versionOf(Class<?> type, String fallback) {
		String version = type.getPackage().getImplementationVersion();
		return version == null ? fallback : version;
	}

	private static String cpuModel() throws IOException {
		Path cpuInfo = Path.of("/proc/cpuinfo");
		if (!Files.exists(cpuInfo)) {
			return System.getProperty("os.arch");
		}
		return Files.readAllLines(cpuInfo)
			.stream()
			.filter(line -> line.startsWith("model name"))
			.map(line -> line.substring(line.indexOf(':') + 1).trim())
			.findFirst()
			.orElse(System.getProperty("os.arch"));
	}

	private static long totalMemoryGb() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getTotalMemorySize() >> 30;
	}

}
