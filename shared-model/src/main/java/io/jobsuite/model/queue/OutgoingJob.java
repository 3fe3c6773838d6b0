package io.jobsuite.model.queue;

import java.util.UUID;

import io.jobsuite.model.JobMessage;
import io.jobsuite.model.QueueKind;

/**
 * A job ready to send.
 *
 * @param job its envelope
 * @param queue where it goes
 * @param messageGroup the FIFO group, null elsewhere
 * @param deduplicationId the FIFO deduplication id: the same for re-sends of one
 * dispatch, new for a retry
 * @param traceParent the W3C traceparent of its dispatch, which the send span continues;
 * null for an untraced job
 */
public record OutgoingJob(JobMessage job, QueueKind queue, String messageGroup, String deduplicationId,
		String traceParent) {

	public UUID jobId() {
		return job.id();
	}

}
