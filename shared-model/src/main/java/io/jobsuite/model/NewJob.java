package io.jobsuite.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A job to dispatch, before it has an id.
 *
 * @param type the job type
 * @param queue the queue it goes to
 * @param payload the handler's input, as JSON
 * @param uniqueKey at most one active job per key (ShouldBeUnique); null for none
 * @param overlapKey jobs sharing this key never run at the same time
 * (WithoutOverlapping); null for none
 * @param messageGroup the FIFO message group; required on the FIFO queue, forbidden
 * elsewhere
 * @param clientId the client this job works for, if any
 * @param maxAttempts attempts before the job fails for good
 * @param traceParent the W3C traceparent of the span that dispatched it, which its send
 * and run continue; set by the dispatcher
 * @param runAt not before this time (the database's clock decides when it has come);
 * null, or a time past, for now. FIFO jobs take none: their group's order decides when
 * they run
 */
public record NewJob(JobType type, QueueKind queue, String payload, String uniqueKey, String overlapKey,
		String messageGroup, Long clientId, int maxAttempts, String traceParent, Instant runAt) {

	public NewJob {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(queue, "queue");
		Objects.requireNonNull(payload, "payload");
		if (queue.isFifo() != (messageGroup != null)) {
			throw new IllegalArgumentException(queue.isFifo() ? "A FIFO job needs a message group"
					: "Only FIFO jobs take a message group, not a " + queue + " job");
		}
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
		}
		if (runAt != null && queue.isFifo()) {
			throw new IllegalArgumentException("FIFO jobs run in their group's order and cannot take a runAt");
		}
		// The column keeps milliseconds: a time rounded up would make the job due later
		// than the wait the database answers for it.
		runAt = runAt == null ? null : runAt.truncatedTo(ChronoUnit.MILLIS);
	}

	/** A job of this type on its default queue, with its default attempts and no keys. */
	public static NewJob of(JobType type, String payload) {
		return new NewJob(type, type.defaultQueue(), payload, null, null, null, null, type.maxAttempts(), null, null);
	}

	/**
	 * A job on the FIFO queue in {@code messageGroup}, with its type's default attempts.
	 */
	public static NewJob ofGroup(JobType type, String messageGroup, String payload) {
		return new NewJob(type, QueueKind.FIFO, payload, null, null, messageGroup, null, type.maxAttempts(), null,
				null);
	}

	public NewJob onQueue(QueueKind queue) {
		return new NewJob(type, queue, payload, uniqueKey, overlapKey, messageGroup, clientId, maxAttempts, traceParent,
				runAt);
	}

	public NewJob uniqueBy(String uniqueKey) {
		return new NewJob(type, queue, payload, uniqueKey, overlapKey, messageGroup, clientId, maxAttempts, traceParent,
				runAt);
	}

	public NewJob withoutOverlapping(String overlapKey) {
		return new NewJob(type, queue, payload, uniqueKey, overlapKey, messageGroup, clientId, maxAttempts, traceParent,
				runAt);
	}

	public NewJob forClient(long clientId) {
		return new NewJob(type, queue, payload, uniqueKey, overlapKey, messageGroup, clientId, maxAttempts, traceParent,
				runAt);
	}

	public NewJob withMaxAttempts(int maxAttempts) {
		return new NewJob(type, queue, payload, uniqueKey, overlapKey, messageGroup, clientId, maxAttempts, traceParent,
				runAt);
	}

	/** Not before {@code runAt}: held in the database, sent when it is due. */
	public NewJob runAt(Instant runAt) {
		return new NewJob(type, queue, payload, uniqueKey, overlapKey, messageGroup, clientId, maxAttempts, traceParent,
				runAt);
	}

	public NewJob tracedBy(String traceParent) {
		return new NewJob(type, queue, payload, uniqueKey, overlapKey, messageGroup, clientId, maxAttempts, traceParent,
				runAt);
	}

}
