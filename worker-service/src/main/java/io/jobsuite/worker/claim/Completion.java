package io.jobsuite.worker.claim;

import java.time.Instant;

import io.jobsuite.model.JobStatus;

/**
 * The end of one attempt, as it is written.
 *
 * @param job the claimed job
 * @param status SUCCEEDED, RETRYING or FAILED
 * @param finishedAt when the attempt ended
 * @param retryAt when a RETRYING job may run again, else null
 * @param result the handler's result as JSON, else null
 * @param error the failure, else null
 */
public record Completion(ClaimedJob job, JobStatus status, Instant finishedAt, Instant retryAt, String result,
		AttemptError error) {

	public Completion {
		JobStatus.RUNNING.requireMoveTo(status);
	}

	public static Completion succeeded(ClaimedJob job, Instant at, String result) {
		return new Completion(job, JobStatus.SUCCEEDED, at, null, result, null);
	}

	public static Completion retry(ClaimedJob job, Instant at, Instant retryAt, AttemptError error) {
		return new Completion(job, JobStatus.RETRYING, at, retryAt, null, error);
	}

	public static Completion failed(ClaimedJob job, Instant at, AttemptError error) {
		return new Completion(job, JobStatus.FAILED, at, null, null, error);
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
