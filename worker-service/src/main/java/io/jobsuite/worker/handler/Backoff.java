package io.jobsuite.worker.handler;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with equal jitter: base * 2^(attempt-1), half of it fixed and half
 * random, capped.
 */
public final class Backoff {

	private Backoff() {
	}

	public static Duration after(int attempt, Duration base, Duration cap) {
		long exponential = base.toMillis() << Math.min(attempt - 1, 20);
		long capped = Math.min(Math.max(exponential, 1), cap.toMillis());
		long half = capped / 2;
		return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(capped - half + 1));
	}

}
