package io.jobsuite.worker.claim;

import java.time.Instant;
import java.util.UUID;

import io.jobsuite.model.JobTypes;

/**
 * A job this worker won the claim for; {@code attempt} doubles as the fencing token of
 * every later write.
 */
public record ClaimedJob(UUID id, String type, String payload, int attempt, int maxAttempts, String owner,
		Instant startedAt, Instant createdAt, Long clientId, String messageGroup, String overlapKey, String traceId) {

	public boolean lastAttempt() {
		return attempt >= maxAttempts;
	}

	public java.time.Duration backoffBase() {
		return JobTypes.find(type).orElseThrow().backoffBase();
	}

}
