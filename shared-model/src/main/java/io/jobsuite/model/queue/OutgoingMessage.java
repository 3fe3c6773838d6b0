package io.jobsuite.model.queue;

import java.util.UUID;

import io.jobsuite.model.QueueKind;

/**
 * A job message ready to send.
 *
 * @param jobId the job it points to
 * @param queue where it goes
 * @param messageGroup the FIFO group, null elsewhere
 * @param deduplicationId the FIFO deduplication id: the same for re-sends of one dispatch, new for a retry
 * @param body the encoded envelope
 */
public record OutgoingMessage(UUID jobId, QueueKind queue, String messageGroup, String deduplicationId,
		String body) {
}
