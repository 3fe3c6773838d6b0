package io.jobsuite.model;

/**
 * A batch the dispatch refuses, and why (an unknown or duplicate key, a cycle, a job a
 * batch cannot hold); nothing of it was stored.
 */
public class InvalidBatchException extends IllegalArgumentException {

	public InvalidBatchException(String message) {
		super(message);
	}

}
