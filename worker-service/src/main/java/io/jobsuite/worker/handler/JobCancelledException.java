package io.jobsuite.worker.handler;

/**
 * This job's cancel was requested and its handler stopped: the job ends CANCELLED, never
 * retried (see {@link JobContext#checkCancelled()}).
 */
public class JobCancelledException extends RuntimeException {

	public JobCancelledException(String message) {
		super(message);
	}

}
