package io.jobsuite.api.jobs;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import io.jobsuite.model.trace.JobTracing;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A job as the API shows it.
 *
 * @param runAt when it is (or was) due: the requested time, a retry's backoff, or its
 * creation
 * @param traceId the id of the trace it continues (the request that dispatched it), or
 * null
 * @param progress what its current (or last) attempt last reported, or null
 * @param cancelRequestedAt when a cancel was requested while it ran (it stops within two
 * heartbeats), or null
 * @param waitingReason why it is not running now, if it is waiting (job details only)
 */
public record JobView(String id, String type, String status, String queue, Long clientId, String uniqueKey,
		String messageGroup, int attempts, int maxAttempts, Instant createdAt, Instant runAt, Instant startedAt,
		Instant finishedAt, JsonNode payload, JsonNode result, String lastError, String traceId,
		List<Attempt> attemptHistory, Progress progress, Instant cancelRequestedAt, Waiting waitingReason) {

	public static JobView of(Job job, List<Attempt> attempts, ObjectMapper mapper) {
		return new JobView(job.getId(), job.getType(), job.getStatus(), job.getQueue(), job.getClientId(),
				job.getUniqueKey(), job.getMessageGroup(), job.getAttempts(), job.getMaxAttempts(),
				utc(job.getCreatedAt()), utc(job.getNotBefore()), utc(job.getStartedAt()), utc(job.getFinishedAt()),
				json(mapper, job.getPayload()), json(mapper, job.getResult()), job.getLastError(),
				JobTracing.traceIdOf(job.getTraceId()), attempts, Progress.of(job), utc(job.getCancelRequestedAt()),
				null);
	}

	/** A job in a list: no payload, result or attempt history. */
	public static JobView summaryOf(Job job) {
		return new JobView(job.getId(), job.getType(), job.getStatus(), job.getQueue(), job.getClientId(),
				job.getUniqueKey(), job.getMessageGroup(), job.getAttempts(), job.getMaxAttempts(),
				utc(job.getCreatedAt()), utc(job.getNotBefore()), utc(job.getStartedAt()), utc(job.getFinishedAt()),
				null, null, job.getLastError(), JobTracing.traceIdOf(job.getTraceId()), null, Progress.of(job),
				utc(job.getCancelRequestedAt()), null);
	}

	/**
	 * As a user (not ops) sees it: errors without stack frames or SQL (see
	 * {@link UserFacingErrors}).
	 */
	JobView forUsers() {
		return new JobView(id, type, status, queue, clientId, uniqueKey, messageGroup, attempts, maxAttempts, createdAt,
				runAt, startedAt, finishedAt, payload, result, UserFacingErrors.lastError(lastError), traceId,
				attemptHistory == null ? null : attemptHistory.stream().map(Attempt::forUsers).toList(), progress,
				cancelRequestedAt, waitingReason);
	}

	/**
	 * Whether Cancel applies: the job is waiting, or running with no cancel requested
	 * yet.
	 */
	public boolean cancellable() {
		return "QUEUED".equals(status) || "RETRYING".equals(status)
				|| "RUNNING".equals(status) && cancelRequestedAt == null;
	}

	JobView waiting(Waiting reason) {
		return new JobView(id, type, status, queue, clientId, uniqueKey, messageGroup, attempts, maxAttempts, createdAt,
				runAt, startedAt, finishedAt, payload, result, lastError, traceId, attemptHistory, progress,
				cancelRequestedAt, reason);
	}

	private static Instant utc(LocalDateTime value) {
		return value == null ? null : value.toInstant(ZoneOffset.UTC);
	}

	private static JsonNode json(ObjectMapper mapper, String value) {
		return value == null ? null : mapper.readTree(value);
	}

	/**
	 * An attempt's progress as its handler reported it.
	 *
	 * @param fraction how much is done, from 0 to 1
	 * @param message the handler's short note, or null
	 * @param reportedAt when it was written (the database's clock)
	 */
	public record Progress(double fraction, String message, Instant reportedAt) {

		static Progress of(Job job) {
			return job.getProgress() == null ? null
					: new Progress(job.getProgress().doubleValue(), job.getProgressMessage(), utc(job.getProgressAt()));
		}

		/** The fraction as a whole percentage, for the progress bar. */
		public int percent() {
			return (int) Math.round(fraction * 100);
		}

		/** The percentage and the message, as the job page writes them beside the bar. */
		public String label() {
			return percent() + " %" + (message == null ? "" : ": " + message);
		}

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
