package io.jobsuite.api.jobs;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** A job as the API shows it. */
public record JobView(String id, String type, String status, String queue, Long clientId, String uniqueKey,
		String messageGroup, int attempts, int maxAttempts, Instant createdAt, Instant startedAt, Instant finishedAt,
		JsonNode payload, JsonNode result, String lastError, String traceId, List<Attempt> attemptHistory) {

	public static JobView of(Job job, List<Attempt> attempts, ObjectMapper mapper) {
		return new JobView(job.getId(), job.getType(), job.getStatus(), job.getQueue(), job.getClientId(),
				job.getUniqueKey(), job.getMessageGroup(), job.getAttempts(), job.getMaxAttempts(),
				utc(job.getCreatedAt()), utc(job.getStartedAt()), utc(job.getFinishedAt()),
				json(mapper, job.getPayload()), json(mapper, job.getResult()), job.getLastError(), job.getTraceId(),
				attempts);
	}

	/** A job in a list: no payload, result or attempt history. */
	public static JobView summaryOf(Job job) {
		return new JobView(job.getId(), job.getType(), job.getStatus(), job.getQueue(), job.getClientId(),
				job.getUniqueKey(), job.getMessageGroup(), job.getAttempts(), job.getMaxAttempts(),
				utc(job.getCreatedAt()), utc(job.getStartedAt()), utc(job.getFinishedAt()), null, null,
				job.getLastError(), job.getTraceId(), null);
	}

	/**
	 * As a user (not ops) sees it: errors without stack frames or SQL (see
	 * {@link UserFacingErrors}).
	 */
	JobView forUsers() {
		return new JobView(id, type, status, queue, clientId, uniqueKey, messageGroup, attempts, maxAttempts, createdAt,
				startedAt, finishedAt, payload, result, UserFacingErrors.lastError(lastError), traceId,
				attemptHistory == null ? null : attemptHistory.stream().map(Attempt::forUsers).toList());
	}

	private static Instant utc(LocalDateTime value) {
		return value == null ? null : value.toInstant(ZoneOffset.UTC);
	}

	private static JsonNode json(ObjectMapper mapper, String value) {
		return value == null ? null : mapper.readTree(value);
	}

	/** One recorded attempt. */
	public record Attempt(int attempt, String worker, Instant startedAt, Instant finishedAt, String outcome,
			String errorClass, String errorMessage, String errorStack) {

		Attempt forUsers() {
			return new Attempt(attempt, worker, startedAt, finishedAt, outcome, errorClass,
					UserFacingErrors.message(errorClass, errorMessage), null);
		}

	}

}
