package io.jobsuite.worker.limit;

import java.time.Instant;

/**
 * A limit as the database holds it, with the database's clock at the time it was read.
 *
 * @param limit how many permits may be held at once (fractional: the additive increase
 * adds a fraction per success; permits are its floor)
 * @param max the configured bound
 * @param pausedUntil no permit before this (an upstream's Retry-After), or null
 * @param decreasedAt the last multiplicative decrease, or null
 * @param recentThrottles push-backs since the count last started again
 * @param lastThrottleAt the last push-back, or null
 * @param lastThrottle what it was, or null
 * @param version the optimistic lock of the row
 * @param now the database's clock when the row was read
 */
public record LimitState(double limit, int max, Instant pausedUntil, Instant decreasedAt, int recentThrottles,
		Instant lastThrottleAt, String lastThrottle, long version, Instant now) {
}
