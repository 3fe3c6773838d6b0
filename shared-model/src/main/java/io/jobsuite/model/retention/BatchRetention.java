package io.jobsuite.model.retention;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes batches that ended longer ago than the longest job retention (their jobs are
 * gone by then), with their keys and edges: the batch tables stay bounded like the jobs
 * table. A batch a retry reopened has no end, and stays. Same locking as the jobs' purge:
 * {@code FOR UPDATE SKIP LOCKED} batches of rows, deleted by key.
 */
final class BatchRetention {

	static final String LOCK_DUE = """
			SELECT id FROM job_batches
			WHERE finished_at < DATE_SUB(UTC_TIMESTAMP(3), INTERVAL :ageMicros MICROSECOND)
			ORDER BY finished_at LIMIT :limit FOR UPDATE SKIP LOCKED
			""";

	private static final List<String> DELETES = List.of("DELETE FROM job_dependencies WHERE batch_id = :id",
			"DELETE FROM batch_jobs WHERE batch_id = :id",
			"DELETE FROM job_batches WHERE id = :id AND finished_at IS NOT NULL");

	private final NamedParameterJdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	BatchRetention(NamedParameterJdbcTemplate jdbc, TransactionTemplate transaction) {
		this.jdbc = jdbc;
		this.transaction = transaction;
	}

	/** Purges ended batches older than {@code age}, page by page; answers how many. */
	int purge(Duration age, int pageSize) {
		int total = 0;
		while (true) {
			int page = transaction.execute(status -> {
				List<String> ids = jdbc.queryForList(LOCK_DUE,
						Map.of("ageMicros", Math.max(0, age.toNanos() / 1_000), "limit", pageSize), String.class);
				SqlParameterSource[] each = ids.stream()
					.sorted()
					.map(id -> new MapSqlParameterSource("id", id))
					.toArray(SqlParameterSource[]::new);
				if (each.length > 0) {
					DELETES.forEach(delete -> jdbc.batchUpdate(delete, each));
				}
				return ids.size();
			});
			total += page;
			if (page < pageSize) {
				return total;
			}
		}
	}

}
