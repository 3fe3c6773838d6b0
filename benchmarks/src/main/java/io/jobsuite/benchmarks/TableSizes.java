package io.jobsuite.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The job tables' sizes (exact row counts, data and index megabytes as InnoDB reports
 * them after ANALYZE), and a wait for InnoDB's undo purge: a bulk delete leaves it work
 * that would otherwise land in the next measurement.
 */
final class TableSizes {

	static final List<String> TABLES = List.of("jobs", "job_attempts");

	private static final Pattern HISTORY_LENGTH = Pattern.compile("History list length (\\d+)");

	/** Undo records left to purge that count as settled. */
	private static final long SETTLED = 1_000;

	private static final Duration PURGE_LIMIT = Duration.ofMinutes(1);

	/**
	 * One table's size.
	 *
	 * @param rows exact row count
	 * @param dataMegabytes the clustered index (the rows)
	 * @param indexMegabytes the secondary indexes
	 */
	record Size(long rows, double dataMegabytes, double indexMegabytes) {

		@Override
		public String toString() {
			return String.format("%,d rows, %,.0f MB data + %,.0f MB index", rows, dataMegabytes, indexMegabytes);
		}

	}

	private TableSizes() {
	}

	static Map<String, Size> of(JdbcTemplate jdbc) {
		Map<String, Size> sizes = new LinkedHashMap<>();
		for (String table : TABLES) {
			jdbc.execute("ANALYZE TABLE " + table);
			long rows = jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
			sizes.put(table, jdbc.queryForObject("""
					SELECT data_length / 1048576 AS data_mb, index_length / 1048576 AS index_mb
					FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?
					""", (rs, i) -> new Size(rows, rs.getDouble("data_mb"), rs.getDouble("index_mb")), table));
		}
		return sizes;
	}

	/**
	 * Waits (up to a minute) until InnoDB's history list is back within a thousand undo
	 * records of {@code before}, its length before our deletes: the deleted rows are
	 * purged from the indexes. Other databases on the server may keep it longer.
	 */
	static void awaitUndoPurged(JdbcTemplate jdbc, long before) {
		long deadline = System.nanoTime() + PURGE_LIMIT.toNanos();
		while (historyLength(jdbc) > before + SETTLED && System.nanoTime() < deadline) {
			LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
		}
	}

	static long historyLength(JdbcTemplate jdbc) {
		String status = jdbc.queryForObject("SHOW ENGINE INNODB STATUS", (rs, i) -> rs.getString("Status"));
		Matcher matcher = HISTORY_LENGTH.matcher(status);
		return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
	}

}
