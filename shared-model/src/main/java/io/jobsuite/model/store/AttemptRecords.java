package io.jobsuite.model.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.jobsuite.model.Utc;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/** The history of attempts: one row per attempt, written when it ends or is abandoned. */
final class AttemptRecords {

	/*
	 * An attempt whose lease expired was abandoned (its worker died or stalled): whoever
	 * takes the job over records it. A completion that still wins its fenced UPDATE
	 * overwrites it.
	 */
	private static final String RECORD_ABANDONED = """
			INSERT INTO job_attempts (job_id, attempt, worker, started_at, finished_at, outcome, error_message)
			SELECT id, attempts, SUBSTRING_INDEX(lease_owner, '#', 1), COALESCE(attempt_started_at, started_at),
			       lease_until, 'LEASE_EXPIRED', 'the worker did not finish or renew its lease in time'
			FROM jobs
			WHERE id IN (:ids) AND status = 'RUNNING' AND lease_until < UTC_TIMESTAMP(3)
			ON DUPLICATE KEY UPDATE job_id = job_id
			""";

	/*
	 * Only for attempts whose completion won: a taker-over may have recorded it as
	 * abandoned. Successes have a statement of their own with four binds (each bind is a
	 * copy per batched row in Connector/J, on the hot path).
	 */
	private static final String RECORD_SUCCESS = """
			INSERT INTO job_attempts (job_id, attempt, worker, started_at, finished_at, outcome)
			VALUES (:id, :attempt, :worker, :startedAt, UTC_TIMESTAMP(3), 'SUCCEEDED')
			ON DUPLICATE KEY UPDATE worker = VALUES(worker), started_at = VALUES(started_at),
			    finished_at = VALUES(finished_at), outcome = VALUES(outcome), error_class = NULL,
			    error_message = NULL, error_stack = NULL
			""";

	private static final String RECORD_FAILURE = """
			INSERT INTO job_attempts (job_id, attempt, worker, started_at, finished_at, outcome,
			                          error_class, error_message, error_stack)
			VALUES (:id, :attempt, :worker, :startedAt, UTC_TIMESTAMP(3), :outcome, :errorClass, :errorMessage,
			        :errorStack)
			ON DUPLICATE KEY UPDATE worker = VALUES(worker), started_at = VALUES(started_at),
			    finished_at = VALUES(finished_at), outcome = VALUES(outcome), error_class = VALUES(error_class),
			    error_message = VALUES(error_message), error_stack = VALUES(error_stack)
			""";

	private final NamedParameterJdbcTemplate jdbc;

	AttemptRecords(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	void recordAbandoned(Collection<String> ids) {
		jdbc.update(RECORD_ABANDONED, Map.of("ids", ids));
	}

	void recordEnds(List<Completion> completions, String worker) {
		Map<Boolean, List<Completion>> bySuccess = completions.stream()
			.collect(Collectors.partitioningBy(Completion::succeeded));
		record(RECORD_SUCCESS, bySuccess.get(true), c -> row(c, worker));
		record(RECORD_FAILURE, bySuccess.get(false),
				c -> row(c, worker).addValue("outcome", c.status().name())
					.addValue("errorClass", c.error().type())
					.addValue("errorMessage", c.error().message())
					.addValue("errorStack", c.error().stack()));
	}

	private void record(String sql, List<Completion> completions, Function<Completion, SqlParameterSource> row) {
		if (!completions.isEmpty()) {
			jdbc.batchUpdate(sql, completions.stream().map(row).toArray(SqlParameterSource[]::new));
		}
	}

	private static MapSqlParameterSource row(Completion completion, String worker) {
		return new MapSqlParameterSource("id", completion.job().id().toString())
			.addValue("attempt", completion.job().attempt())
			.addValue("worker", worker)
			.addValue("startedAt", Utc.column(completion.job().startedAt()));
	}

	static List<String> keys(Collection<UUID> ids) {
		return ids.stream().map(UUID::toString).toList();
	}

}
