package io.jobsuite.model.store;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import io.jobsuite.model.JobIds;
import io.jobsuite.model.JobType;
import io.jobsuite.model.JobTypes;
import io.jobsuite.model.QueueKind;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * A batch's row counts its jobs' ends, and the transaction that ends its last job
 * dispatches its callbacks: each one's column is set by a conditional UPDATE that only
 * one transaction can win (the row lock orders them), so each callback runs exactly once,
 * even when a retry reopens the batch and it ends again.
 */
final class BatchEnds {

	private static final String INSERT_CALLBACK = """
			INSERT INTO jobs (id, type, queue, status, payload, attempts, max_attempts, not_before, trace_id,
			                  created_at, recheck_at)
			VALUES (:id, :type, :queue, 'QUEUED', :payload, 0, :maxAttempts, UTC_TIMESTAMP(3), :traceId,
			        UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))
			""";

	/** The callbacks, each with the condition on the batch's counts that fires it. */
	private enum Kind {

		SUCCESS("failed = 0"), FAILURE("failed > 0"), COMPLETE("TRUE");

		private final String condition;

		Kind(String condition) {
			this.condition = condition;
		}

		String column(String suffix) {
			return name().toLowerCase() + "_" + suffix;
		}

	}

	private final NamedParameterJdbcTemplate jdbc;

	/** Callback ids: UUIDv7 like every job id; the low bits are random, so any JVM. */
	private final JobIds ids = new JobIds(Clock.systemUTC());

	BatchEnds(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Counts {@code ended} jobs of the batch as ended ({@code failed} of them not
	 * succeeded; negative: reopened) and, if none is left, dispatches its callbacks.
	 */
	void count(UUID batchId, int ended, int failed) {
		String id = batchId.toString();
		jdbc.update("""
				UPDATE job_batches
				SET pending = pending - :ended, failed = failed + :failed,
				    finished_at = IF(pending = 0, COALESCE(finished_at, UTC_TIMESTAMP(3)), NULL)
				WHERE id = :id
				""", Map.of("id", id, "ended", ended, "failed", failed));
		if (ended <= 0) {
			return;
		}
		jdbc.query("SELECT * FROM job_batches WHERE id = :id AND pending = 0", Map.of("id", id), rs -> {
			for (Kind kind : Kind.values()) {
				String type = rs.getString(kind.column("type"));
				if (type != null && rs.getString(kind.column("job_id")) == null) {
					fire(id, kind, type, rs.getString(kind.column("payload")), rs.getString("trace_id"));
				}
			}
		});
	}

	private void fire(String batchId, Kind kind, String typeName, String payload, String traceId) {
		UUID jobId = ids.next();
		boolean won = jdbc.update(
				"UPDATE job_batches SET " + kind.column("job_id") + " = :jobId WHERE id = :id AND "
						+ kind.column("job_id") + " IS NULL AND pending = 0 AND " + kind.condition,
				Map.of("id", batchId, "jobId", jobId.toString())) == 1;
		if (won) {
			// A type this service does not know still gets a row: the worker that knows
			// it runs it, any other dead-letters it as it does every unknown type.
			JobType type = JobTypes.find(typeName).orElse(new JobType(typeName, QueueKind.STANDARD, 3, null));
			jdbc.update(INSERT_CALLBACK,
					new MapSqlParameterSource().addValue("id", jobId.toString())
						.addValue("type", type.name())
						.addValue("queue", type.defaultQueue().name())
						.addValue("payload", payload)
						.addValue("maxAttempts", type.maxAttempts())
						.addValue("traceId", traceId));
		}
	}

}
