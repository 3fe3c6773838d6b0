package io.jobsuite.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The soak's table: each figure on empty tables and on the history, and their ratio; the
 * purge beside the worker; the table sizes before and after.
 */
final class SoakReport {

	private final Report report;

	private final BenchSettings settings;

	private final List<String> lines = new ArrayList<>();

	private final Map<String, Object> figures = new LinkedHashMap<>();

	SoakReport(Report report, BenchSettings settings) {
		this.report = report;
		this.settings = settings;
	}

	void print(Soak.Preload preload, List<Map<String, TableSizes.Size>> sizes, Soak.Phase empty, Soak.Phase history,
			PurgeBench.Result purge) {
		lines.add("");
		lines.add(String.format("Soak: the figures on empty tables, then on %,d finished jobs of history (%s, "
				+ "one attempt each, up to a minute old), retention running", preload.jobs(), Soak.HISTORY));
		lines.add(String.format("   history preloaded by bulk insert in %.1f s (%.1f s per million jobs)",
				preload.seconds(), preload.seconds() * 1e6 / Math.max(1, preload.jobs())));
		lines.add(String.format("   %-14s %-44s %-44s %s", "table", "empty", "after the preload", "at the end"));
		for (String table : TableSizes.TABLES) {
			lines.add(String.format("   %-14s %-44s %-44s %s", table, sizes.get(0).get(table), sizes.get(1).get(table),
					sizes.get(2).get(table)));
		}
		lines.add("");
		lines.add(String.format("   %-40s %-24s %-24s %-14s %s", "figure", "empty", "history", "history/empty",
				"target"));
		if (empty.throughput() != null) {
			figure("throughput, no-op jobs/s", "%,.0f", empty.throughput().jobsPerSecond(),
					history.throughput().jobsPerSecond(), 0.9, true);
			figure("CPU s per 1,000 jobs", "%.2f", empty.throughput().cpuPerThousand(),
					history.throughput().cpuPerThousand(), null, false);
		}
		if (empty.syncNow() != null) {
			for (int p : new int[] { 50, 99 }) {
				Function<Soak.Phase, Stats> percentile = phase -> Stats
					.of(phase.syncNow().stream().map(run -> Stats.percentile(run.toStart(), p)).toList());
				figure("Sync Now accept -> start p" + p + ", ms", "%.0f", percentile.apply(empty),
						percentile.apply(history), p == 99 ? 1.2 : null, false);
			}
		}
		for (String path : AdminBench.PATHS.keySet()) {
			for (int p : new int[] { 50, 99 }) {
				figure("admin " + path + " p" + p + ", ms", "%.1f", single(empty.admin().get(path), p),
						single(history.admin().get(path), p), p == 99 ? 1.2 : null, false);
			}
		}
		if (empty.scan() != null) {
			Function<Soak.Phase, Stats> rate = phase -> Stats
				.of(phase.scan().stream().map(run -> settings.clients() / run.seconds()).toList());
			figure(String.format("scan, clients/s (%,d x %d)", settings.clients(), settings.schedulers()), "%,.0f",
					rate.apply(empty), rate.apply(history), 0.9, true);
		}
		purge(purge);
		absoluteTargets(history, preload.jobs());
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("historyJobs", preload.jobs());
		json.put("preloadSeconds", preload.seconds());
		json.put("history", Soak.HISTORY.stream().map(Soak.Share::toString).toList());
		json.put("tableSizes", Map.of("empty", sizes.get(0), "afterPreload", sizes.get(1), "atTheEnd", sizes.get(2)));
		json.put("figures", figures);
		json.put("purge", purge);
		json.put("purgeJobsPerSecond", purge.jobsPerSecond());
		json.put("purgeRowsPerSecond", purge.rowsPerSecond());
		json.put("workerWhilePurgingRatio", purge.workerRatio());
		report.section(lines, "soak", json);
	}

	private static Stats single(List<Double> samples, int percentile) {
		return Stats.of(List.of(Stats.percentile(samples, percentile)));
	}

	/**
	 * A figure in both phases and their ratio; with a target, a verdict: at least the
	 * target ratio for rates ({@code higherIsBetter}), at most it for latencies.
	 */
	private void figure(String name, String format, Stats empty, Stats history, Double target, boolean higherIsBetter) {
		double ratio = history.median() / empty.median();
		String bound = target == null ? "" : (higherIsBetter ? ">= " : "<= ") + target + "x";
		lines.add(String.format("   %-40s %-24s %-24s %-14s %s", name, empty.format(format), history.format(format),
				String.format("%.2fx", ratio), bound));
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("empty", empty);
		entry.put("history", history);
		entry.put("historyDividedByEmpty", ratio);
		figures.put(name, entry);
		if (target != null) {
			report.verdict("soak: " + name + " history/empty " + bound, String.format("%.2fx", ratio),
					higherIsBetter ? ratio >= target : ratio <= target, null);
		}
	}

	private void purge(PurgeBench.Result purge) {
		lines.add("");
		lines.add(String.format("   Purge of the history's due jobs while the worker runs at full throughput (%s)",
				purge.settings()));
		lines.add(String.format("   %,d of %,d due jobs + %,d attempts deleted in %.1f s: %,.0f jobs/s, %,.0f rows/s",
				purge.jobs(), purge.due(), purge.attempts(), purge.seconds(), purge.jobsPerSecond(),
				purge.rowsPerSecond()));
		lines.add(String.format("   worker: %,.0f jobs/s while purging, %,.0f without (before and after): %.2fx",
				purge.workerPurging(), purge.workerAlone(), purge.workerRatio()));
		report.verdict("soak: purge >= 3,400 jobs/s beside the worker", String.format("%,.0f", purge.jobsPerSecond()),
				purge.jobsPerSecond() >= 3_400, null);
		report.verdict("soak: worker while purging >= 0.9x", String.format("%.2fx", purge.workerRatio()),
				purge.workerRatio() >= 0.9, null);
	}

	private void absoluteTargets(Soak.Phase history, long jobs) {
		String size = String.format(" (%,d history)", jobs);
		double overview = Stats.percentile(history.admin().get("overview page"), 99);
		report.verdict("soak: admin overview p99 <= 200 ms" + size, String.format("%.0f ms", overview), overview <= 200,
				null);
		double search = AdminBench.PATHS.keySet()
			.stream()
			.filter(path -> path.startsWith("search"))
			.mapToDouble(path -> Stats.percentile(history.admin().get(path), 99))
			.max()
			.orElse(0);
		report.verdict("soak: job search p99 (worst) <= 500 ms" + size, String.format("%.0f ms", search), search <= 500,
				null);
	}

}
