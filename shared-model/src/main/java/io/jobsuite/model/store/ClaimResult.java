package io.jobsuite.model.store;

import java.time.Duration;

/** What a claim attempt found for one job. */
public sealed interface ClaimResult {

	/** This worker runs it now. */
	record Won(ClaimedJob job) implements ClaimResult {
	}

	/**
	 * Another worker holds a live lease, or a retry's backoff has not elapsed: nothing to
	 * run for {@code retryIn} (measured on the database's clock).
	 */
	record Busy(Duration retryIn) implements ClaimResult {
	}

	/**
	 * A FIFO job with an older job of its group still active: it waits its turn, which
	 * the row decides, not the queue.
	 */
	record BehindOlder() implements ClaimResult {
	}

	/**
	 * The lease of its last attempt expired (its worker died): the claim failed the job
	 * instead of running it again.
	 */
	record Exhausted() implements ClaimResult {
	}

	/** The job already finished (or was cancelled): the delivery is a duplicate. */
	record Finished() implements ClaimResult {
	}

	/** No such job: the message points nowhere. */
	record Missing() implements ClaimResult {
	}

}
