package io.jobsuite.model.dispatch;

import java.util.UUID;

import io.jobsuite.model.QueueKind;

/**
 * What a dispatch did with one requested job.
 *
 * @param jobId the job that now stands for the request: the new one, or the active one
 * holding its unique key
 * @param outcome whether the job was created, already existed, or existed and was moved
 * to a faster queue
 * @param queue the queue the job is on now
 */
public record Dispatched(UUID jobId, Outcome outcome, QueueKind queue) {

	public boolean created() {
		return outcome == Outcome.CREATED;
	}

	/** How a dispatch request ended. */
	public enum Outcome {

		/** A new job row was committed. */
		CREATED,
		/** An active job with the same unique key answers for this request. */
		EXISTING,
		/**
		 * An active job with the same unique key was still queued and moved to the
		 * requested, faster queue.
		 */
		PROMOTED

	}

}
