package io.jobsuite.worker.run;

import java.time.Duration;

import io.jobsuite.model.store.ClaimResult;
import io.jobsuite.model.store.Completion;

/**
 * What became of one delivered job on this worker; {@link Decisions} turns it into what
 * becomes of its message.
 */
public sealed interface Outcome {

	/** Its attempt ended and was written ({@code held}) or found its lease gone. */
	record Ran(Completion completion, boolean held) implements Outcome {
	}

	/**
	 * Shutdown stopped it (or kept it from starting): released, its attempt given back.
	 */
	record GivenBack() implements Outcome {
	}

	/**
	 * Its lease could not be proven (or its result not written): it stopped and wrote
	 * nothing; the lease expires and the job is taken over.
	 */
	record Abandoned() implements Outcome {
	}

	/**
	 * Another job holds its overlap lock: released uncounted, it tries again after
	 * {@code retryIn}.
	 */
	record LockWait(Duration retryIn) implements Outcome {
	}

	/**
	 * No permit of a limit it needs, or its upstream asked to wait: released uncounted,
	 * it tries again after {@code retryIn}.
	 */
	record LimitWait(Duration retryIn) implements Outcome {
	}

	/** Its overlap lock was held and its type drops rather than waits: cancelled. */
	record Dropped() implements Outcome {
	}

	/** Not claimed, for the reason the claim found. */
	record Unclaimed(ClaimResult result) implements Outcome {
	}

	/**
	 * A FIFO job behind an unfinished one of its batch: its row waits unsent, in order.
	 */
	record Parked() implements Outcome {
	}

	/**
	 * Not looked at: the worker is stopping, or the job store did not answer. It comes
	 * back after {@code retryIn} as a new message.
	 */
	record Declined(Duration retryIn) implements Outcome {
	}

}
