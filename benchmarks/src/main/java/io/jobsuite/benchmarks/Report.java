package io.jobsuite.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prints the results as a table and writes them as JSON, with the machine, versions and
 * settings.
 */
final class Report {

	private final BenchSettings settings;

	private final Map<String, Object> json = new LinkedHashMap<>();

	private final List<String> lines = new ArrayList<>();

	private final List<String> verdicts = new ArrayList<>();

	Report(BenchSettings settings, Map<String, String> environment) {
		this.settings = settings;
		json.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
		json.put("environment", environment);
		json.put("settings", settings);
		lines.add("jobsuite benchmark, " + json.get("date"));
		environment.forEach((key, value) -> lines.add(String.format("  %-12s %s", key + ":", value)));
		lines.add(String.format(
				"  %-12s N=%,d no-op jobs x %d runs (+ one warm-up run of %,d, not counted); "
						+ "backlog %,d + %d Sync Now; %,d clients x %d schedulers (-Xmx%s)",
				"settings:", settings.jobs(), settings.runs(), settings.warmupJobs(), settings.backlog(),
				settings.syncNow(), settings.clients(), settings.schedulers(), settings.schedulerHeap()));
		lines.add("  Figures: median of the runs (min-max).");
	}

	/**
	 * A figure that may fail without costing the others; the table then says why it is
	 * missing.
	 */
	interface Figure {

		void measure() throws Exception;

	}

	void attempt(String figure, Figure measurement) {
		try {
			measurement.measure();
		}
		catch (Exception | AssertionError ex) {
			ex.printStackTrace();
			lines.add("");
			lines.add("   " + figure + ": FAILED, " + ex);
			verdicts.add(String.format("   %-52s %s", figure, "FAILED: " + ex));
			json.put(figure + "Failure", ex.toString());
		}
	}

	static void progress(String format, Object... args) {
		System.out.printf("[bench %s] %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS),
				String.format(format, args));
		System.out.flush();
	}

	void throughput(List<ThroughputBench.Result> results) {
		ThroughputBench.Result ours = results.get(0);
		lines.add("");
		lines.add(String.format("1. Throughput, %,d no-op jobs, clock stops when the database says all succeeded",
				settings.jobs()));
		lines.add(String.format("   %-14s %-26s %-22s %-20s %-10s", "contender", "jobs/s", "CPU s/1000 jobs",
				"(JVM + DB)", "jobsuite/it"));
		Map<String, Object> out = new LinkedHashMap<>();
		for (ThroughputBench.Result result : results) {
			double ratio = ours.jobsPerSecond().median() / result.jobsPerSecond().median();
			lines.add(String.format("   %-14s %-26s %-22s %-20s %-10s", result.name(),
					result.jobsPerSecond().format("%,.0f"), result.cpuPerThousand().format("%.2f"),
					String.format("%.2f + %.2f", result.jvmCpuPerThousand().median(),
							result.databaseCpuPerThousand().median()),
					result == ours ? "" : String.format("%.2fx", ratio)));
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("jobsPerSecond", result.jobsPerSecond());
			entry.put("cpuSecondsPer1000Jobs", result.cpuPerThousand());
			entry.put("jvmCpuSecondsPer1000Jobs", result.jvmCpuPerThousand());
			entry.put("databaseCpuSecondsPer1000Jobs", result.databaseCpuPerThousand());
			entry.put("oursDividedByThis", ratio);
			out.put(result.name(), entry);
		}
		json.put("throughput", out);
		double jobsPerSecond = ours.jobsPerSecond().median();
		Function<String, ThroughputBench.Result> peer = name -> results.stream()
			.filter(r -> r.name().equals(name))
			.findFirst()
			.orElse(null);
		verdict("throughput >= 3,000 jobs/s (bar 2,000)", String.format("%,.0f", jobsPerSecond), jobsPerSecond >= 3000,
				jobsPerSecond >= 2000);
		ratioVerdict(ours, peer.apply("JobRunr"), "JobRunr", 2.0, 1.3);
		ratioVerdict(ours, peer.apply("db-scheduler"), "db-scheduler", 1.0, null);
		ratioVerdict(ours, peer.apply("raw ElasticMQ"), "raw ElasticMQ ceiling", 0.9, null);
		ThroughputBench.Result jobRunr = peer.apply("JobRunr");
		if (jobRunr != null) {
			double share = ours.cpuPerThousand().median() / jobRunr.cpuPerThousand().median();
			verdict("CPU per 1,000 jobs <= 0.5x JobRunr's", String.format("%.2fx", share), share <= 0.5, null);
		}
	}

	private void ratioVerdict(ThroughputBench.Result ours, ThroughputBench.Result peer, String name, double target,
			Double bar) {
		if (peer != null) {
			double ratio = ours.jobsPerSecond().median() / peer.jobsPerSecond().median();
			verdict("throughput >= " + target + "x " + name + (bar == null ? "" : " (bar " + bar + "x)"),
					String.format("%.2fx", ratio), ratio >= target, bar == null ? null : ratio >= bar);
		}
	}

	void syncNow(List<SyncNowBench.Run> runs) {
		lines.add("");
		lines.add(String.format("2. Sync Now under a backlog of %,d standard jobs, %d requests through the HTTP API "
				+ "(clock from request sent)", settings.backlog(), settings.syncNow()));
		lines.add(String.format("   %-22s %-22s %-22s %-22s %-22s", "ms", "p50", "p95", "p99", "max"));
		Map<String, Object> out = new LinkedHashMap<>();
		Stats p99 = null;
		for (String figure : List.of("accept -> start", "accept -> SUCCEEDED")) {
			Function<SyncNowBench.Run, List<Double>> samples = figure.endsWith("start") ? SyncNowBench.Run::toStart
					: SyncNowBench.Run::toSucceeded;
			Map<String, Stats> percentiles = percentiles(runs, samples);
			lines.add(percentileRow(figure, percentiles));
			out.put(figure, percentiles);
			if (p99 == null) {
				p99 = percentiles.get("p99");
			}
		}
		Stats first = Stats.of(runs.stream().map(r -> (double) r.backlogAtFirst()).toList());
		Stats last = Stats.of(runs.stream().map(r -> (double) r.backlogAtLast()).toList());
		lines.add(String.format("   standard jobs still queued or running at the first request %s, at the last %s",
				first.format("%,.0f"), last.format("%,.0f")));
		out.put("backlogAtFirstRequest", first);
		out.put("backlogAtLastRequest", last);
		json.put("syncNow", out);
		verdict("Sync Now p99 accept -> start <= 100 ms (bar 250)", String.format("%.0f ms", p99.median()),
				p99.median() <= 100, p99.median() <= 250);
	}

	void scan(List<ScanBench.Run> runs) {
		Stats seconds = Stats.of(runs.stream().map(ScanBench.Run::seconds).toList());
		Stats rate = Stats.of(runs.stream().map(r -> settings.clients() / r.seconds()).toList());
		Stats heap = Stats.of(runs.stream().map(r -> r.peakHeapBytes() / 1048576.0).toList());
		long duplicates = runs.stream().mapToLong(ScanBench.Run::duplicateJobs).max().orElse(0);
		long unsent = runs.stream().mapToLong(ScanBench.Run::unsent).max().orElse(0);
		ScanBench.Run fewestJobsPerMessage = runs.stream()
			.min(java.util.Comparator.comparingDouble(r -> (double) r.jobs() / Math.max(1, r.messages())))
			.orElseThrow();
		lines.add("");
		lines.add(String.format("3. Scan, %,d due clients, %d scheduler JVMs at once", settings.clients(),
				settings.schedulers()));
		lines.add(String.format("   seconds until every sync job dispatched  %s", seconds.format("%.1f")));
		lines.add(String.format("   clients/s                                %s", rate.format("%,.0f")));
		lines.add(String.format("   duplicate jobs (worst run)               %d", duplicates));
		// Ten jobs a message when every send is confirmed at once; relay re-sends would
		// lower the ratio.
		lines.add(String.format("   messages on the queue for the jobs (worst run)  %,d for %,d (%.2f jobs a message)",
				fewestJobsPerMessage.messages(), fewestJobsPerMessage.jobs(),
				(double) fewestJobsPerMessage.jobs() / Math.max(1, fewestJobsPerMessage.messages())));
		lines.add(String.format("   jobs left unsent when the schedulers exit (worst run)  %d", unsent));
		lines.add(String.format("   peak heap of a scheduler, MB (sum of heap pool peaks)  %s", heap.format("%.0f")));
		lines.add("   clients taken per scheduler: "
				+ runs.stream().map(r -> r.perScheduler().toString()).reduce((a, b) -> a + " " + b).orElse(""));
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("seconds", seconds);
		out.put("clientsPerSecond", rate);
		out.put("duplicateJobs", duplicates);
		out.put("unsentJobs", unsent);
		out.put("peakHeapMegabytes", heap);
		out.put("runs", runs);
		json.put("scan", out);
		verdict("scan >= 10,000 clients/s (bar 5,000)", String.format("%,.0f/s", rate.median()),
				rate.median() >= 10_000, rate.median() >= 5_000);
		verdict("scan duplicate jobs = 0", Long.toString(duplicates), duplicates == 0, null);
		verdict("scheduler heap <= 256 MB", String.format("%.0f MB", heap.max()), heap.max() <= 256, null);
	}

	/** A section of the table and its part of the JSON. */
	void section(List<String> table, String key, Object value) {
		lines.addAll(table);
		json.put(key, value);
	}

	void delayed(List<DelayedBench.Run> runs) {
		lines.add("");
		lines.add(String.format("Delayed jobs: %,d pending (due tomorrow), %,d due during each run; lateness = start "
				+ "- runAt, database clock", settings.backlog(), settings.delayedDue()));
		lines.add(String.format("   %-22s %-22s %-22s %-22s %-22s", "ms", "p50", "p95", "p99", "max"));
		Map<String, Object> out = new LinkedHashMap<>();
		Map<String, Function<DelayedBench.Run, List<Double>>> figures = new LinkedHashMap<>();
		figures.put("timed by the dispatch", DelayedBench.Run::byDispatch);
		figures.put("timed by a relay", DelayedBench.Run::byRelay);
		figures.put("send recorded (all)", DelayedBench.Run::sent);
		figures.put("all", DelayedBench.Run::all);
		Stats p99 = null;
		for (Map.Entry<String, Function<DelayedBench.Run, List<Double>>> figure : figures.entrySet()) {
			Map<String, Stats> percentiles = percentiles(runs, figure.getValue());
			lines.add(percentileRow(figure.getKey(), percentiles));
			out.put(figure.getKey(), percentiles);
			p99 = percentiles.get("p99");
		}
		long early = runs.stream().mapToLong(DelayedBench.Run::early).max().orElse(0);
		long extraStarts = runs.stream().mapToLong(DelayedBench.Run::extraStarts).max().orElse(0);
		String relayTimed = runs.stream()
			.map(r -> r.relayTimed() + " for " + r.relayJobs())
			.reduce((a, b) -> a + ", " + b)
			.orElse("");
		lines.add(String.format("   jobs due later sent or started early (worst run)  %d", early));
		lines.add(String.format("   starts beyond one per due job (worst run)         %d", extraStarts));
		lines.add("   sends timed by the two relays, per run: " + relayTimed);
		out.put("dueLaterSentOrStartedEarly", early);
		out.put("extraStarts", extraStarts);
		out.put("runs",
				runs.stream().map(r -> Map.of("relayTimed", r.relayTimed(), "relayJobs", r.relayJobs())).toList());
		json.put("delayed", out);
		verdict("delayed jobs p99 lateness <= 1,000 ms", String.format("%.0f ms", p99.median()), p99.median() <= 1000,
				null);
		verdict("delayed jobs due later sent or started early = 0", Long.toString(early), early == 0, null);
	}

	/** One line of a milliseconds table: the figure's p50, p95, p99 and max. */
	private static String percentileRow(String figure, Map<String, Stats> percentiles) {
		return String.format("   %-22s %-22s %-22s %-22s %-22s", figure, percentiles.get("p50").format("%.0f"),
				percentiles.get("p95").format("%.0f"), percentiles.get("p99").format("%.0f"),
				percentiles.get("max").format("%.0f"));
	}

	private static <R> Map<String, Stats> percentiles(List<R> runs, Function<R, List<Double>> samples) {
		Map<String, Stats> percentiles = new LinkedHashMap<>();
		for (double p : new double[] { 50, 95, 99, 100 }) {
			percentiles.put(p == 100 ? "max" : "p" + (int) p,
					Stats.of(runs.stream().map(run -> Stats.percentile(samples.apply(run), p)).toList()));
		}
		return percentiles;
	}

	void verdict(String target, String value, boolean met, Boolean bar) {
		String state = met ? "MET"
				: bar == null ? "NOT MET" : bar ? "NOT MET (minimum bar held)" : "NOT MET (below bar)";
		verdicts.add(String.format("   %-52s %-12s %s", target, value, state));
		json.computeIfAbsent("targets", k -> new LinkedHashMap<String, Object>());
		@SuppressWarnings("unchecked")
		Map<String, Object> targets = (Map<String, Object>) json.get("targets");
		targets.put(target, Map.of("value", value, "state", state));
	}

	void print() throws IOException {
		lines.add("");
		lines.add("  load average at the end: " + CpuClock.loadAverage());
		lines.add("");
		lines.add("Targets");
		lines.addAll(verdicts);
		String table = String.join(System.lineSeparator(), lines);
		System.out.println();
		System.out.println(table);
		json.put("table", lines);
		json.put("benchmarkJvm", ManagementFactory.getRuntimeMXBean().getInputArguments());
		Files.createDirectories(settings.output().toAbsolutePath().getParent());
		JsonMapper.builder()
			.enable(SerializationFeature.INDENT_OUTPUT)
			.build()
			.writeValue(settings.output().toFile(), json);
		System.out.println("Results written to " + settings.output().toAbsolutePath());
	}

}
