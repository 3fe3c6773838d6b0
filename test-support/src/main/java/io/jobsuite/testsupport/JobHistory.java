package io.jobsuite.testsupport;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Finished jobs, one attempt each, written straight into the tables with
 * {@code INSERT ... SELECT} (about a hundred thousand rows a statement, on MySQL 8 and
 * MariaDB alike): the history a long-running suite has, for retention, query-plan checks
 * and soak benchmarks.
 *
 * <pre>
 * JobHistory.of(jdbc).finished("SUCCEEDED", 200_000, Duration.ofDays(14), Duration.ofDays(8));
 * </pre>
 *
 * Ids are UUIDv7 of each job's creation time, as {@code JobIds} makes them; jobs are
 * spread evenly from {@code oldest} ago to {@code newest} ago and finish one second after
 * they were created.
 */
public final class JobHistory {

	private static final int CHUNK = 100_000;

	/* 0 to 99,999: five cross-joined digit tables (no SEQUENCE engine on MySQL). */
	private static final String NUMBERS;

	static {
		String digits = "(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4"
				+ " UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)";
		NUMBERS = "(SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS n FROM " + digits + " a, " + digits
				+ " b, " + digits + " c, " + digits + " e, " + digits + " f)";
	}

	private final JdbcTemplate jdbc;

	private JobHistory(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	public static JobHistory of(JdbcTemplate jdbc) {
		return new JobHistory(jdbc);
	}

	/**
	 * Inserts {@code count} jobs of {@code status} (a final one) with one attempt each,
	 * created from {@code oldest} ago to {@code newest} ago; answers how many.
	 */
	public long finished(String status, long count, Duration oldest, Duration newest) {
		long nowMillis = jdbc.queryForObject("SELECT ROUND(UNIX_TIMESTAMP(NOW(3)) * 1000)", Long.class);
		long spanMicros = oldest.minus(newest).toNanos() / 1_000;
		long stepMicros = count <= 1 ? 0 : spanMicros / (count - 1);
		long oldestMicros = oldest.toNanos() / 1_000;
		// The random tail keeps ids of separate calls apart; n keeps a call's ids apart.
		String tail = String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
		for (long first = 0; first < count; first += CHUNK) {
			int size = (int) Math.min(CHUNK, count - first);
			String rows = """
					SELECT LOWER(CONCAT(SUBSTRING(h, 1, 8), '-', SUBSTRING(h, 9, 4), '-7', SUBSTRING(?, 1, 3), '-8',
					           SUBSTRING(?, 4, 3), '-', LPAD(HEX(i), 12, '0'))) AS id,
					       DATE_SUB(UTC_TIMESTAMP(3), INTERVAL age_micros MICROSECOND) AS created_at, i
					FROM (SELECT i, age_micros,
					             LPAD(HEX(? - FLOOR(age_micros / 1000)), 12, '0') AS h
					      FROM (SELECT k.n + ? AS i, ? - (k.n + ?) * ? AS age_micros
					            FROM %s k WHERE k.n < ?) g0) g
					""".formatted(NUMBERS);
			Object[] rowParams = { tail, tail, nowMillis, first, oldestMicros, first, stepMicros, size };
			// Attempts first: a purge that runs between the two statements then never
			// finds a
			// job whose attempts are still to come (and leaves them behind).
			jdbc.update("""
					INSERT INTO job_attempts (job_id, attempt, worker, started_at, finished_at, outcome, error_message)
					SELECT id, 1, 'history', created_at, DATE_ADD(created_at, INTERVAL 1 SECOND), ?,
					       IF(? = 'FAILED', CONCAT('history failure ', i), NULL)
					FROM (%s) r
					""".formatted(rows), concat(new Object[] { status, status }, rowParams));
			jdbc.update(
					"""
							INSERT INTO jobs (id, type, queue, status, payload, attempts, max_attempts, not_before, created_at,
							                  sent_at, recheck_at, started_at, attempt_started_at, finished_at, result, last_error)
							SELECT id, 'noop', 'STANDARD', ?, '{}', 1, 3, created_at, created_at, created_at, NULL, created_at,
							       created_at, DATE_ADD(created_at, INTERVAL 1 SECOND),
							       IF(? = 'SUCCEEDED', '{}', NULL), IF(? = 'FAILED', CONCAT('history failure ', i), NULL)
							FROM (%s) r
							"""
						.formatted(rows),
					concat(new Object[] { status, status, status }, rowParams));
		}
		return count;
	}

	private static Object[] concat(Object[] head, Object[] tail) {
		Object[] all = new Object[head.length + tail.length];
		System.arraycopy(head, 0, all, 0, head.length);
		System.arraycopy(tail, 0, all, head.length, tail.length);
		return all;
	}

}
