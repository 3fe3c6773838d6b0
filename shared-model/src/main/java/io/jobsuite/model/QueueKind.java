package io.jobsuite.model;

/**
 * The three job queues. Express has its own consumers so that Sync Now never waits behind
 * a backlog.
 */
public enum QueueKind {

	EXPRESS, STANDARD, FIFO;

	/**
	 * The queue as a meter tag or detail name: {@code express}, {@code standard},
	 * {@code fifo}.
	 */
	public String tag() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

	public boolean isFifo() {
		return this == FIFO;
	}

	/**
	 * A queued job may be promoted to a queue of higher priority, never across the FIFO
	 * boundary.
	 */
	public boolean outranks(QueueKind other) {
		return this == EXPRESS && other == STANDARD;
	}

}
