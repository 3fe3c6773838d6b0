package io.jobsuite.api.freshness;

import java.util.List;

/** Nearest-rank percentiles of a sample. */
record Percentiles(long[] sorted) {

	static Percentiles of(List<Long> values) {
		return new Percentiles(values.stream().mapToLong(Long::longValue).sorted().toArray());
	}

	/** The value at quantile {@code q} (0 < q <= 1); NaN for an empty sample. */
	double at(double q) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int rank = (int) Math.ceil(q * sorted.length);
		return sorted[Math.max(0, rank - 1)];
	}

	int size() {
		return sorted.length;
	}

}
