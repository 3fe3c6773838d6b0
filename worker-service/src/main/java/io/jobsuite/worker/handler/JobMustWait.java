package io.jobsuite.worker.handler;

import java.time.Duration;

/**
 * Thrown while a job waits for something outside it (a permit of a limit, an upstream's
 * Retry-After): its claim is given back uncounted and it runs again after
 * {@code retryIn}. Waiting is never a failed attempt and never reaches a dead-letter
 * queue.
 */
public class JobMustWait extends RuntimeException {

	private final Duration retryIn;

	public JobMustWait(String reason, Duration retryIn) {
		super(reason, null, false, false);
		this.retryIn = retryIn;
	}

	public Duration retryIn() {
		return retryIn;
	}

}
