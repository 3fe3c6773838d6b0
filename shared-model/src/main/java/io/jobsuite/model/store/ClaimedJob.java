package io.jobsuite.model.store;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.jobsuite.model.JobTypes;

/**
 * A job a worker won the claim for. {@code attempt} and {@code owner} together are the
 * fencing token of every later write: a claim that lost its lease matches no row.
 *
 * @param startedAt when the attempt started, on the database's clock
 * @param traceParent the W3C traceparent of its dispatch (null for jobs dispatched in
 * bulk)
 * @param batchId the batch the job belongs to, or null (most jobs)
 */
public record ClaimedJob(UUID id, String type, String payload, int attempt, int maxAttempts, String owner,
		Instant startedAt, Instant createdAt, Long clientId, String messageGroup, String overlapKey, String traceParent,
		UUID batchId) {

	public boolean lastAttempt() {
		return attempt >= maxAttempts;
	}

	public boolean fifo() {
		return messageGroup != null;
	}

	public Duration backoffBase() {
		return JobTypes.find(type).orElseThrow().backoffBase();
	}

}
