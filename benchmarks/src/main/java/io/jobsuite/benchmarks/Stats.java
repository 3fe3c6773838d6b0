package io.jobsuite.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The median of a figure's runs with their min and max.
 *
 * @param median the middle run (the mean of the two middle ones for an even count)
 * @param min the lowest run
 * @param max the highest run
 * @param runs every run's value, in run order
 */
record Stats(double median, double min, double max, List<Double> runs) {

	static Stats of(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int n = sorted.size();
		double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
		return new Stats(median, sorted.get(0), sorted.get(n - 1), List.copyOf(values));
	}

	/** The value at percentile {@code p} (0-100) of these samples, nearest rank. */
	static double percentile(List<Double> samples, double p) {
		List<Double> sorted = new ArrayList<>(samples);
		Collections.sort(sorted);
		int rank = (int) Math.ceil(p / 100.0 * sorted.size());
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
	}

	String format(String pattern) {
		return String.format(pattern, median) + " (" + String.format(pattern, min) + "-" + String.format(pattern, max)
				+ ")";
	}

}
