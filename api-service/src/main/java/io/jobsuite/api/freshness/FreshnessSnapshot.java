package io.jobsuite.api.freshness;

import java.time.Duration;
import java.time.Instant;

/**
 * Freshness and backlog figures at one poll.
 *
 * @param overdue clients whose last successful sync is older than their interval
 * @param twiceOverdue clients whose last successful sync is older than twice their
 * interval
 * @param countLimit the counts stop at this many
 * @param stalenessP50Seconds median time since a client's last successful sync, in
 * seconds (sampled; NaN without clients)
 * @param stalenessP99Seconds 99th percentile of that time
 * @param sampled how many clients the percentiles were taken from
 * @param backlog jobs waiting to run (QUEUED or RETRYING, every queue), up to the limit
 * @param finishedPerSecond jobs that finished (succeeded or failed) per second recently
 * @param scanWindow the scan's period
 * @param readAt when these were read
 */
public record FreshnessSnapshot(long overdue, long twiceOverdue, long countLimit, double stalenessP50Seconds,
		double stalenessP99Seconds, int sampled, long backlog, double finishedPerSecond, Duration scanWindow,
		Instant readAt) {

	/**
	 * How long the backlog takes to drain at the recent rate: infinite when jobs wait and
	 * none finished.
	 */
	public double drainSeconds() {
		if (backlog == 0) {
			return 0;
		}
		return finishedPerSecond > 0 ? backlog / finishedPerSecond : Double.POSITIVE_INFINITY;
	}

	/** The drain forecast over the scan window: above 1, the next scan starts behind. */
	public double drainRatio() {
		return drainSeconds() / scanWindow.toMillis() * 1000.0;
	}

	/**
	 * Seconds as the admin shows them: a dash when unknown (no clients), "never" when
	 * nothing drains the backlog.
	 */
	public String shown(double seconds) {
		if (Double.isNaN(seconds)) {
			return "-";
		}
		return Double.isInfinite(seconds) ? "never (nothing finished)" : String.format("%,.0f s", seconds);
	}

	/** Whether the overdue counts stopped at the limit. */
	public boolean overdueCapped() {
		return overdue >= countLimit;
	}

	/** Whether the backlog count stopped at the limit (the forecast is then a floor). */
	public boolean backlogCapped() {
		return backlog >= countLimit;
	}

}
