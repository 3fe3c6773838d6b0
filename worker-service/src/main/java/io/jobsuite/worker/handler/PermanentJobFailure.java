package io.jobsuite.worker.handler;

/**
 * A failure that retrying cannot fix (bad input, a missing client): the job fails at
 * once.
 */
public class PermanentJobFailure extends RuntimeException {

	public PermanentJobFailure(String message) {
		super(message);
	}

	public PermanentJobFailure(String message, Throwable cause) {
		super(message, cause);
	}

}
