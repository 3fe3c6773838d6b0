package io.jobsuite.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * A job's lifecycle, and the one place that says which status changes are allowed.
 *
 * <pre>
 * QUEUED ──► RUNNING ──► SUCCEEDED
 *   │  ▲        │ ├────► RETRYING ──► RUNNING … (or CANCELLED)
 *   │  │        │ └────► FAILED ──► QUEUED (ops retry)
 *   │  └────────┘ (lease released: shutdown, lock held)
 *   └──► CANCELLED ──► QUEUED (a batch job cancelled by its dependency's failure,
 *                             re-armed when that job is retried)
 * </pre>
 */
public enum JobStatus {

	QUEUED, RUNNING, RETRYING, SUCCEEDED, FAILED, CANCELLED;

	/**
	 * Statuses in which a job holds its unique key (must match the generated column in
	 * V1).
	 */
	public static final Set<JobStatus> ACTIVE = EnumSet.of(QUEUED, RUNNING, RETRYING);

	public boolean isActive() {
		return ACTIVE.contains(this);
	}

	public boolean isTerminal() {
		return !isActive();
	}

	/**
	 * Whether a worker may claim a job in this status (a RUNNING one only once its lease
	 * expired).
	 */
	public boolean isClaimable() {
		return this == QUEUED || this == RETRYING;
	}

	public boolean canMoveTo(JobStatus next) {
		return switch (this) {
			case QUEUED -> next == RUNNING || next == CANCELLED;
			case RUNNING ->
				next == SUCCEEDED || next == RETRYING || next == FAILED || next == QUEUED || next == RUNNING;
			case RETRYING -> next == RUNNING || next == CANCELLED;
			case FAILED -> next == QUEUED;
			case CANCELLED -> next == QUEUED;
			case SUCCEEDED -> false;
		};
	}

	/** Fails with a clear message when {@code next} is not reachable from this status. */
	public void requireMoveTo(JobStatus next) {
		if (!canMoveTo(next)) {
			throw new IllegalJobStateChangeException(this, next);
		}
	}

	/** Thrown when code asks for a status change the lifecycle does not allow. */
	public static final class IllegalJobStateChangeException extends IllegalStateException {

		IllegalJobStateChangeException(JobStatus from, JobStatus to) {
			super("A job cannot move from " + from + " to " + to);
		}

	}

}
