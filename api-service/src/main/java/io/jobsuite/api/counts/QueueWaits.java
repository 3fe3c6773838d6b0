package io.jobsuite.api.counts;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.jobsuite.model.Utc;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Component;

/**
 * Queue waits rolled up with the attempt counts, as a histogram per minute and queue, so
 * that the overview's p95 reads a day of small rows. A wait is the time from when a job
 * last became due ({@code not_before}: created, retried, or let go by a lock it waited
 * for) to the start of the attempt that ended it (SUCCEEDED or FAILED); attempts that
 * were retried are left out, because their job's due time has moved on by the time they
 * are counted.
 */
@Component
class QueueWaits {

	/**
	 * The histogram's bucket bounds in milliseconds; the last one holds everything
	 * longer.
	 */
	static final List<Integer> BOUNDS_MS = List.of(10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000,
			60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000, Integer.MAX_VALUE);

	/** The longest finite bound. */
	static final int LONGEST_MS = 3_600_000;

	static final String COUNT_WAITS = """
			SELECT DATE_FORMAT(a.finished_at, '%Y-%m-%d %H:%i:00') AS minute_start, j.queue,
			       CASE BUCKETS END AS wait_ms_le, COUNT(*) AS attempts
			FROM job_attempts a JOIN jobs j ON j.id = a.job_id
			WHERE a.finished_at >= :from AND a.finished_at < :to AND a.outcome IN ('SUCCEEDED', 'FAILED')
			  AND a.attempt = j.attempts
			GROUP BY minute_start, j.queue, wait_ms_le
			""".replace("BUCKETS", buckets());

	static final String ADD = """
			INSERT INTO attempt_waits (minute_start, queue, wait_ms_le, attempts)
			VALUES (:minute_start, :queue, :wait_ms_le, :attempts)
			ON DUPLICATE KEY UPDATE attempts = attempts + VALUES(attempts)
			""";

	static final String TRIM = """
			DELETE FROM attempt_waits WHERE minute_start < DATE_SUB(UTC_TIMESTAMP(), INTERVAL :keepMicros MICROSECOND)
			ORDER BY minute_start LIMIT 1000
			""";

	private final NamedParameterJdbcTemplate jdbc;

	QueueWaits(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Adds the waits of the attempts that finished in [from, to); in the caller's
	 * transaction.
	 */
	void add(Instant from, Instant to) {
		List<SqlParameterSource> rows = jdbc.query(COUNT_WAITS,
				new MapSqlParameterSource("from", Utc.column(from)).addValue("to", Utc.column(to)),
				(rs, n) -> new MapSqlParameterSource("minute_start", rs.getString("minute_start"))
					.addValue("queue", rs.getString("queue"))
					.addValue("wait_ms_le", rs.getInt("wait_ms_le"))
					.addValue("attempts", rs.getLong("attempts")));
		if (!rows.isEmpty()) {
			jdbc.batchUpdate(ADD, rows.toArray(SqlParameterSource[]::new));
		}
	}

	void trim(SqlParameterSource keep) {
		jdbc.update(TRIM, keep);
	}

	/**
	 * The smallest bucket bound that at least {@code share} of the waits are within; null
	 * when there were none.
	 */
	static Integer percentileMs(Map<Integer, Long> histogram, double share) {
		long total = histogram.values().stream().mapToLong(Long::longValue).sum();
		if (total == 0) {
			return null;
		}
		long needed = (long) Math.ceil(total * share);
		long seen = 0;
		for (int bound : BOUNDS_MS) {
			seen += histogram.getOrDefault(bound, 0L);
			if (seen >= needed) {
				return bound;
			}
		}
		return Integer.MAX_VALUE;
	}

	private static String buckets() {
		String waitMs = "GREATEST(0, TIMESTAMPDIFF(MICROSECOND, j.not_before, a.started_at) DIV 1000)";
		return BOUNDS_MS.subList(0, BOUNDS_MS.size() - 1)
			.stream()
			.map(bound -> "WHEN " + waitMs + " <= " + bound + " THEN " + bound)
			.collect(Collectors.joining(" ", "", " ELSE " + Integer.MAX_VALUE));
	}

}
