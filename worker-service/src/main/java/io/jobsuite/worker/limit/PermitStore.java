package io.jobsuite.worker.limit;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.jobsuite.model.Utc;
import io.jobsuite.model.store.JobTransitions;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

/**
 * The limits' rows: {@code concurrency_limits} (one per limit) and
 * {@code concurrency_permits} (its slots). A permit is one conditional UPDATE of the
 * first free slot below the current limit, on the database's clock; every statement reads
 * by primary key or by holder.
 */
@Repository
class PermitStore {

	/*
	 * Concurrent takers queue on the first free slot's row lock and, at READ COMMITTED,
	 * read it again once the first commits: two never get one slot.
	 */
	private static final String ACQUIRE = """
			UPDATE concurrency_permits
			SET holder = :holder, lease_until = DATE_ADD(UTC_TIMESTAMP(3), INTERVAL :leaseMicros MICROSECOND)
			WHERE limit_key = :key AND (holder IS NULL OR lease_until < UTC_TIMESTAMP(3))
			  AND slot < (SELECT FLOOR(l.current_limit) FROM concurrency_limits l WHERE l.limit_key = :key
			              AND (l.paused_until IS NULL OR l.paused_until <= UTC_TIMESTAMP(3)))
			ORDER BY slot LIMIT 1
			""";

	private static final String PAUSED_FOR = """
			SELECT GREATEST(0, TIMESTAMPDIFF(MICROSECOND, UTC_TIMESTAMP(3), paused_until))
			FROM concurrency_limits WHERE limit_key = :key
			""";

	/*
	 * A fixed limit follows its configured max; an adaptive one keeps what it learned,
	 * within the max. current_limit is assigned first: it reads the old max_limit.
	 */
	private static final String DECLARE = """
			INSERT INTO concurrency_limits (limit_key, current_limit, max_limit) VALUES (:key, :max, :max)
			ON DUPLICATE KEY UPDATE
			    current_limit = IF(:adaptive, LEAST(current_limit, VALUES(max_limit)), VALUES(max_limit)),
			    max_limit = VALUES(max_limit)
			""";

	private static final String READ = """
			SELECT current_limit, max_limit, paused_until, decreased_at, recent_throttles, last_throttle_at,
			       last_throttle, version, UTC_TIMESTAMP(3) AS now
			FROM concurrency_limits WHERE limit_key = :key
			""";

	private static final String WRITE = """
			UPDATE concurrency_limits
			SET current_limit = :limit, paused_until = :pausedUntil, decreased_at = :decreasedAt,
			    recent_throttles = :recentThrottles, last_throttle_at = :lastThrottleAt, last_throttle = :lastThrottle,
			    version = version + 1
			WHERE limit_key = :key AND version = :version
			""";

	private final NamedParameterJdbcTemplate jdbc;

	PermitStore(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Creates the limit (or moves it to a new max) with a slot per permit it may grant.
	 */
	void declare(String key, int max, boolean adaptive) {
		jdbc.update(DECLARE, Map.of("key", key, "max", max, "adaptive", adaptive));
		jdbc.batchUpdate("INSERT IGNORE INTO concurrency_permits (limit_key, slot) VALUES (:key, :slot)",
				IntStream.range(0, max)
					.mapToObj(slot -> new MapSqlParameterSource("key", key).addValue("slot", slot))
					.toArray(SqlParameterSource[]::new));
	}

	/** Takes a permit of the limit for {@code holder}; false when none is free. */
	boolean acquire(String key, String holder, Duration lease) {
		return jdbc.update(ACQUIRE,
				Map.of("key", key, "holder", holder, "leaseMicros", JobTransitions.micros(lease))) == 1;
	}

	/** How long the limit is still paused (zero when it is not). */
	Duration pausedFor(String key) {
		List<Long> micros = jdbc.queryForList(PAUSED_FOR, Map.of("key", key), Long.class);
		return micros.isEmpty() || micros.get(0) == null ? Duration.ZERO : Duration.ofNanos(micros.get(0) * 1_000);
	}

	/** Moves these holders' permits on by {@code lease}. */
	void renew(Collection<String> holders, Duration lease) {
		jdbc.update("""
				UPDATE concurrency_permits
				SET lease_until = DATE_ADD(UTC_TIMESTAMP(3), INTERVAL :leaseMicros MICROSECOND)
				WHERE holder IN (:holders)
				""", Map.of("holders", holders, "leaseMicros", JobTransitions.micros(lease)));
	}

	/** Frees these holders' permits. */
	void release(Collection<String> holders) {
		jdbc.update("UPDATE concurrency_permits SET holder = NULL, lease_until = NULL WHERE holder IN (:holders)",
				Map.of("holders", holders));
	}

	/** Frees the permit of one limit that {@code holder} holds. */
	void release(String key, String holder) {
		jdbc.update("""
				UPDATE concurrency_permits SET holder = NULL, lease_until = NULL
				WHERE holder = :holder AND limit_key = :key
				""", Map.of("holder", holder, "key", key));
	}

	LimitState read(String key) {
		List<LimitState> rows = jdbc.query(READ, Map.of("key", key),
				(rs, row) -> new LimitState(rs.getDouble("current_limit"), rs.getInt("max_limit"),
						Utc.instant(rs, "paused_until"), Utc.instant(rs, "decreased_at"), rs.getInt("recent_throttles"),
						Utc.instant(rs, "last_throttle_at"), rs.getString("last_throttle"), rs.getLong("version"),
						Utc.instant(rs, "now")));
		return rows.isEmpty() ? null : rows.get(0);
	}

	/** Writes a decision made on {@code state}; false when another worker wrote first. */
	boolean write(String key, LimitState state) {
		MapSqlParameterSource row = new MapSqlParameterSource("key", key).addValue("limit", state.limit())
			.addValue("pausedUntil", Utc.column(state.pausedUntil()))
			.addValue("decreasedAt", Utc.column(state.decreasedAt()))
			.addValue("recentThrottles", state.recentThrottles())
			.addValue("lastThrottleAt", Utc.column(state.lastThrottleAt()))
			.addValue("lastThrottle", state.lastThrottle())
			.addValue("version", state.version());
		return jdbc.update(WRITE, row) == 1;
	}

}
