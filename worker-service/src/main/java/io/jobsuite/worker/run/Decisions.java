package io.jobsuite.worker.run;

import java.time.Duration;

import io.jobsuite.model.QueueKind;
import io.jobsuite.model.store.ClaimResult;
import io.jobsuite.model.store.Completion;
import io.jobsuite.worker.sqs.Settlement;

/**
 * What becomes of a job's message once its outcome is known: a pure function, the whole
 * table in one place. Waiting never keeps a message in the queue, where each return would
 * count towards the dead-letter redrive: on the standard and express queues a job that
 * waits goes on as a new delayed message (its receive count starts again); on the FIFO
 * queue its row waits unsent, parked by the caller, and the reconciler sends it in its
 * group's order. Only a failed last attempt and a message that is not a job reach a
 * dead-letter queue.
 */
public final class Decisions {

	/**
	 * Never look again sooner than this (a duplicate of a job whose lease is just
	 * ending).
	 */
	static final Duration MIN_RESEND = Duration.ofSeconds(1);

	private Decisions() {
	}

	/**
	 * @param visibility how long a lost lease may take to be taken over through its
	 * message
	 */
	public static Settlement settlement(QueueKind queue, Outcome outcome, Duration visibility) {
		if (outcome instanceof Outcome.Declined declined) {
			// Even on FIFO a copy is sent: the store could not park the row, and order is
			// kept by the row once it answers again.
			return new Settlement.Resend(queue.isFifo() ? Duration.ZERO : declined.retryIn());
		}
		Settlement settlement = waitOrEnd(outcome, visibility);
		return queue.isFifo() && settlement instanceof Settlement.Resend ? new Settlement.Delete() : settlement;
	}

	// Java 17 (the release this project targets) has no pattern switch: one instanceof
	// per
	// permitted type, and the sealed interface keeps the list closed.
	private static Settlement waitOrEnd(Outcome outcome, Duration visibility) {
		if (outcome instanceof Outcome.Ran ran) {
			return ran.held() ? ofEnd(ran.completion()) : new Settlement.Resend(visibility);
		}
		if (outcome instanceof Outcome.GivenBack) {
			return new Settlement.Resend(Duration.ZERO);
		}
		if (outcome instanceof Outcome.Abandoned) {
			return new Settlement.Resend(visibility);
		}
		if (outcome instanceof Outcome.LockWait wait) {
			return new Settlement.Resend(wait.retryIn());
		}
		if (outcome instanceof Outcome.LimitWait wait) {
			return new Settlement.Resend(wait.retryIn());
		}
		if (outcome instanceof Outcome.Unclaimed unclaimed) {
			return ofClaim(unclaimed.result());
		}
		if (outcome instanceof Outcome.Dropped || outcome instanceof Outcome.Parked) {
			return new Settlement.Delete();
		}
		throw new IllegalStateException("No decision for " + outcome);
	}

	private static Settlement ofEnd(Completion completion) {
		return switch (completion.status()) {
			case SUCCEEDED, CANCELLED -> new Settlement.Delete();
			case RETRYING -> new Settlement.Resend(completion.retryIn());
			case FAILED -> new Settlement.DeadLetter("job " + completion.job().id() + " failed after attempt "
					+ completion.job().attempt() + ": " + completion.error().summary(), false);
			case QUEUED, RUNNING -> throw new IllegalStateException("Not an end: " + completion.status());
		};
	}

	private static Settlement ofClaim(ClaimResult result) {
		if (result instanceof ClaimResult.Busy busy) {
			return new Settlement.Resend(busy.retryIn().compareTo(MIN_RESEND) < 0 ? MIN_RESEND : busy.retryIn());
		}
		if (result instanceof ClaimResult.BehindOlder || result instanceof ClaimResult.Finished) {
			return new Settlement.Delete();
		}
		if (result instanceof ClaimResult.Exhausted) {
			return new Settlement.DeadLetter("the lease of its last attempt expired: its worker died or stalled",
					false);
		}
		if (result instanceof ClaimResult.Missing) {
			return new Settlement.DeadLetter("no such job in the database", true);
		}
		throw new IllegalStateException("Not a reason to leave a job unclaimed: " + result);
	}

}
