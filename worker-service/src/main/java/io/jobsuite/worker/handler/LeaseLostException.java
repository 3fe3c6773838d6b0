package io.jobsuite.worker.handler;

/**
 * This attempt no longer holds its job's lease: its side effects were not written. The
 * attempt is abandoned; the job is taken over by whoever holds (or next takes) the lease.
 */
public class LeaseLostException extends RuntimeException {

	public LeaseLostException(String message) {
		super(message);
	}

}
