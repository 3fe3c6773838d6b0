package io.jobsuite.model.store;

import java.time.Duration;

import io.jobsuite.model.JobStatus;

/**
 * The end of one attempt, as it is written. Times are durations measured here; the
 * database turns them into times on its own clock.
 *
 * @param job the claimed job
 * @param status SUCCEEDED, RETRYING, FAILED or CANCELLED
 * @param ran how long the handler ran
 * @param retryIn for a RETRYING job, how long until it may run again, else null
 * @param result the handler's result as JSON, else null
 * @param error the failure of a RETRYING or FAILED attempt (a CANCELLED one: why it
 * stopped), else null
 */
public record Completion(ClaimedJob job, JobStatus status, Duration ran, Duration retryIn, String result,
		AttemptError error) {

	public Completion {
		JobStatus.RUNNING.requireMoveTo(status);
		if ((status == JobStatus.RETRYING) != (retryIn != null)) {
			throw new IllegalArgumentException("A retry delay goes with RETRYING and only with it");
		}
		if ((status == JobStatus.SUCCEEDED) != (error == null)) {
			throw new IllegalArgumentException("An error goes with a failed attempt and only with it");
		}
	}

	public boolean succeeded() {
		return status == JobStatus.SUCCEEDED;
	}

	public static Completion succeeded(ClaimedJob job, Duration ran, String result) {
		return new Completion(job, JobStatus.SUCCEEDED, ran, null, result, null);
	}

	public static Completion retry(ClaimedJob job, Duration ran, Duration retryIn, AttemptError error) {
		return new Completion(job, JobStatus.RETRYING, ran, retryIn, null, error);
	}

	public static Completion failed(ClaimedJob job, Duration ran, AttemptError error) {
		return new Completion(job, JobStatus.FAILED, ran, null, null, error);
	}

	/**
	 * An attempt that stopped because its cancel was requested, whatever its handler
	 * returned or threw: the job ends CANCELLED and is never retried.
	 */
	public static Completion cancelled(ClaimedJob job, Duration ran) {
		return new Completion(job, JobStatus.CANCELLED, ran, null, null,
				new AttemptError("CancelRequested", "Its cancel was requested while it ran", null));
	}

	/** A failed attempt's error: class, message and the first frames of its stack. */
	public record AttemptError(String type, String message, String stack) {

		private static final int STACK_FRAMES = 12;

		public static AttemptError of(Throwable ex) {
			StringBuilder stack = new StringBuilder();
			StackTraceElement[] frames = ex.getStackTrace();
			for (int i = 0; i < Math.min(STACK_FRAMES, frames.length); i++) {
				stack.append("at ").append(frames[i]).append('\n');
			}
			Throwable cause = ex.getCause();
			if (cause != null) {
				stack.append("caused by ").append(cause).append('\n');
			}
			return new AttemptError(ex.getClass().getName(), String.valueOf(ex.getMessage()), stack.toString());
		}

		public String summary() {
			return type + ": " + message;
		}

	}

}
