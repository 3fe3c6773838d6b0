package io.jobsuite.api.admin;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import io.jobsuite.model.QueueKind;
import io.jobsuite.model.Utc;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Fingerprints ops marked fixed, per queue (one row each, read by its key): a dead letter
 * of one that arrives later shows the fix did not hold.
 */
@Repository
class DeadLetterFixes {

	static final String MARK = """
			INSERT INTO dead_letter_fixes (queue, fingerprint_id, fingerprint, fixed_at, fixed_by)
			VALUES (:queue, :id, :fingerprint, UTC_TIMESTAMP(3), :by)
			ON DUPLICATE KEY UPDATE fixed_at = UTC_TIMESTAMP(3), fixed_by = VALUES(fixed_by)
			""";

	static final String READ = """
			SELECT fingerprint_id, fixed_at FROM dead_letter_fixes WHERE queue = :queue AND fingerprint_id IN (:ids)
			""";

	private final NamedParameterJdbcTemplate jdbc;

	DeadLetterFixes(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	void mark(QueueKind queue, String id, String fingerprint, String by) {
		jdbc.update(MARK,
				new MapSqlParameterSource("queue", queue.name()).addValue("id", id)
					.addValue("fingerprint", fingerprint)
					.addValue("by", by));
	}

	Map<String, Instant> fixedAt(QueueKind queue, Collection<String> ids) {
		Map<String, Instant> fixed = new HashMap<>();
		if (!ids.isEmpty()) {
			jdbc.query(READ, new MapSqlParameterSource("queue", queue.name()).addValue("ids", ids), rs -> {
				fixed.put(rs.getString("fingerprint_id"), Utc.instant(rs, "fixed_at"));
			});
		}
		return fixed;
	}

}
