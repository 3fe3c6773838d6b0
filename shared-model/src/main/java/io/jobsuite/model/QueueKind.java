package io.jobsuite.model;

/** The three job queues. Express has its own consumers so that Sync Now never waits behind a backlog. */
public enum QueueKind {

	EXPRESS, STANDARD, FIFO;

	public boolean isFifo() {
		return this == FIFO;
	}

	/** A queued job may be promoted to a queue of higher priority, never across the FIFO boundary. */
	public boolean outranks(QueueKind other) {
		return this == EXPRESS && other == STANDARD;
	}

}
