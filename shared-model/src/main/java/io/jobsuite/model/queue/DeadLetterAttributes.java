package io.jobsuite.model.queue;

/**
 * The SQS message attributes a dead letter carries: the worker writes them, the admin
 * reads them.
 */
public final class DeadLetterAttributes {

	/** Why the message could not be processed. */
	public static final String REASON = "DeadLetterReason";

	/** The id of the message on the queue it came from. */
	public static final String SOURCE_MESSAGE_ID = "SourceMessageId";

	private DeadLetterAttributes() {
	}

}
