package io.jobsuite.worker.claim;

import java.time.Instant;

/** What a claim attempt found for one job. */
public sealed interface ClaimResult {

	/** This worker runs it now. */
	record Won(ClaimedJob job) implements ClaimResult {
	}

	/**
	 * Another worker holds a live lease, or a retry's backoff has not elapsed: come back
	 * at {@code retryAt}.
	 */
	record Busy(Instant retryAt) implements ClaimResult {
	}

	/** The job already finished (or was cancelled): the delivery is a duplicate. */
	record Finished() implements ClaimResult {
	}

	/** No such job: the message points nowhere. */
	record Missing() implements ClaimResult {
	}

}
