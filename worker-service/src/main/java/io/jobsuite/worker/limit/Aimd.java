package io.jobsuite.worker.limit;

import java.time.Duration;
import java.time.Instant;

import io.jobsuite.worker.limit.LimitsProperties.Upstream;

/**
 * The adaptive limit's decisions, pure: what a push-back and what successes make of a
 * limit. Time is the state's {@code now} (the database's clock), so that every worker
 * decides on the same clock.
 */
final class Aimd {

	private Aimd() {
	}

	/**
	 * A push-back (429, 503, a timeout): the limit is multiplied by the decrease factor,
	 * at most once per cooldown (every worker in flight sees the same burst, and each
	 * halving it would collapse the limit to 1); a Retry-After pauses the upstream until
	 * then, never sooner than a pause already set.
	 * @param retryAfter the pause asked for, or null
	 */
	static LimitState throttled(LimitState state, Duration retryAfter, String what, Upstream config) {
		Instant now = state.now();
		boolean cooling = state.decreasedAt() != null && now.isBefore(state.decreasedAt().plus(config.cooldown()));
		double limit = cooling ? state.limit() : Math.max(1, Math.floor(state.limit() * config.decrease()));
		Instant pausedUntil = state.pausedUntil();
		if (retryAfter != null) {
			Instant asked = now.plus(min(retryAfter, config.maxRetryAfter()));
			pausedUntil = pausedUntil == null || asked.isAfter(pausedUntil) ? asked : pausedUntil;
		}
		boolean recent = state.lastThrottleAt() != null
				&& now.isBefore(state.lastThrottleAt().plus(config.recentWindow()));
		return new LimitState(limit, state.max(), pausedUntil, cooling ? state.decreasedAt() : now,
				recent ? state.recentThrottles() + 1 : 1, now, what, state.version(), now);
	}

	/**
	 * Successes: each adds 1/limit (about one more permit per limit's worth of successes,
	 * TCP's congestion avoidance), up to the max.
	 */
	static LimitState succeeded(LimitState state, int successes) {
		double limit = state.limit();
		for (int i = 0; i < successes && limit < state.max(); i++) {
			limit += 1 / limit;
		}
		return new LimitState(Math.min(limit, state.max()), state.max(), state.pausedUntil(), state.decreasedAt(),
				state.recentThrottles(), state.lastThrottleAt(), state.lastThrottle(), state.version(), state.now());
	}

	private static Duration min(Duration a, Duration b) {
		return a.compareTo(b) <= 0 ? a : b;
	}

}
