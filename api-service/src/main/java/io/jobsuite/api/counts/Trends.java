package io.jobsuite.api.counts;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The overview's trends, per minute over the last hour and per hour over the last day:
 * succeeded and failed attempts from {@code attempt_counts}, the queue wait's p95 from
 * {@code attempt_waits}. Each read is a range of one roll-up's primary key (at most a day
 * of minutes), never the history.
 */
@Component
public class Trends {

	static final String ATTEMPTS = """
			SELECT DATE_FORMAT(minute_start, :format) AS slot_start,
			       SUM(IF(outcome = 'SUCCEEDED', attempts, 0)) AS succeeded,
			       SUM(IF(outcome = 'SUCCEEDED', 0, attempts)) AS failed
			FROM attempt_counts WHERE minute_start >= :from GROUP BY slot_start
			""";

	static final String WAITS = """
			SELECT DATE_FORMAT(minute_start, :format) AS slot_start, wait_ms_le, SUM(attempts) AS attempts
			FROM attempt_waits WHERE minute_start >= :from GROUP BY slot_start, wait_ms_le
			""";

	private static final DateTimeFormatter SLOT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	private final NamedParameterJdbcTemplate jdbc;

	Trends(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** The last 60 minutes, the current one last. */
	public Trend lastHour() {
		return trend("%Y-%m-%d %H:%i:00", Duration.ofMinutes(1), 60);
	}

	/** The last 24 hours, the current one last. */
	public Trend lastDay() {
		return trend("%Y-%m-%d %H:00:00", Duration.ofHours(1), 24);
	}

	private Trend trend(String format, Duration step, int slots) {
		MapSqlParameterSource params = new MapSqlParameterSource("format", format);
		// The database's clock: the roll-ups' minutes are on it.
		Instant current = parse(
				jdbc.queryForObject("SELECT DATE_FORMAT(UTC_TIMESTAMP(), :format)", params, String.class));
		Instant first = current.minus(step.multipliedBy(slots - 1L));
		params.addValue("from", SLOT.format(LocalDateTime.ofInstant(first, ZoneOffset.UTC)));
		Map<Instant, long[]> attempts = new HashMap<>();
		jdbc.query(ATTEMPTS, params, rs -> {
			attempts.put(parse(rs.getString("slot_start")),
					new long[] { rs.getLong("succeeded"), rs.getLong("failed") });
		});
		Map<Instant, Map<Integer, Long>> waits = new HashMap<>();
		jdbc.query(WAITS, params, rs -> {
			waits.computeIfAbsent(parse(rs.getString("slot_start")), slot -> new HashMap<>())
				.put(rs.getInt("wait_ms_le"), rs.getLong("attempts"));
		});
		List<Instant> starts = new ArrayList<>();
		List<Long> succeeded = new ArrayList<>();
		List<Long> failed = new ArrayList<>();
		List<Double> waitP95 = new ArrayList<>();
		for (int i = 0; i < slots; i++) {
			Instant slot = first.plus(step.multipliedBy(i));
			long[] counts = attempts.getOrDefault(slot, new long[2]);
			Integer p95 = QueueWaits.percentileMs(waits.getOrDefault(slot, Map.of()), 0.95);
			starts.add(slot);
			succeeded.add(counts[0]);
			failed.add(counts[1]);
			// Longer than the last finite bound shows as that bound: the chart's top.
			waitP95.add(p95 == null ? null : Math.min(p95, QueueWaits.LONGEST_MS) / 1000.0);
		}
		return new Trend(step, starts, succeeded, failed, waitP95);
	}

	private static Instant parse(String slot) {
		return LocalDateTime.parse(slot, SLOT).toInstant(ZoneOffset.UTC);
	}

	/**
	 * Figures per slot, oldest first.
	 *
	 * @param step a slot's length
	 * @param starts each slot's start
	 * @param succeeded attempts that succeeded
	 * @param failed attempts that failed (retried, failed or whose lease expired)
	 * @param waitP95Seconds the queue wait's p95 as a histogram bound (null: no job
	 * ended), in seconds
	 */
	public record Trend(Duration step, List<Instant> starts, List<Long> succeeded, List<Long> failed,
			List<Double> waitP95Seconds) {
	}

}
