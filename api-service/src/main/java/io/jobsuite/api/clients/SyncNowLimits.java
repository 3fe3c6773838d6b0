package io.jobsuite.api.clients;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.validation.annotation.Validated;

/**
 * A token bucket per client, {@code perMinute} Sync Nows at once refilled evenly over a
 * minute, kept in {@code sync_now_buckets} so that every API instance takes from the same
 * one: N instances allow the limit, not N times it. A token is one conditional UPDATE on
 * the database's clock; no row is a full bucket.
 */
@Component
class SyncNowLimits {

	private static final Duration WINDOW = Duration.ofMinutes(1);

	/*
	 * tokens is assigned before refilled_at, and MySQL and MariaDB assign left to right:
	 * the refill reads the old refilled_at.
	 */
	private static final String TAKE = """
			UPDATE sync_now_buckets
			SET tokens = LEAST(:capacity, tokens + TIMESTAMPDIFF(MICROSECOND, refilled_at, UTC_TIMESTAMP(3)) * :perMicro)
			             - 1,
			    refilled_at = UTC_TIMESTAMP(3)
			WHERE client_id = :clientId
			  AND LEAST(:capacity, tokens + TIMESTAMPDIFF(MICROSECOND, refilled_at, UTC_TIMESTAMP(3)) * :perMicro) >= 1
			""";

	private static final String FIRST = """
			INSERT IGNORE INTO sync_now_buckets (client_id, tokens, refilled_at)
			VALUES (:clientId, :capacity - 1, UTC_TIMESTAMP(3))
			""";

	private static final String MICROS_TO_TOKEN = """
			SELECT (1 - LEAST(:capacity, tokens + TIMESTAMPDIFF(MICROSECOND, refilled_at, UTC_TIMESTAMP(3)) * :perMicro))
			       / :perMicro
			FROM sync_now_buckets WHERE client_id = :clientId
			""";

	/** Buckets untouched for a window are full: the same as no row. */
	private static final String FORGET_FULL = """
			DELETE FROM sync_now_buckets WHERE refilled_at < UTC_TIMESTAMP(3) - INTERVAL 1 MINUTE LIMIT 1000
			""";

	private final NamedParameterJdbcTemplate jdbc;

	private final double capacity;

	SyncNowLimits(NamedParameterJdbcTemplate jdbc, Properties properties) {
		this.jdbc = jdbc;
		this.capacity = properties.perMinute();
	}

	/** Takes a token for the client; when there is none, how long until there is one. */
	Optional<Duration> tryAcquire(long clientId) {
		MapSqlParameterSource bucket = new MapSqlParameterSource("clientId", clientId).addValue("capacity", capacity)
			.addValue("perMicro", capacity / (WINDOW.toNanos() / 1_000));
		// Twice at most: a bucket another instance created, or one forgotten, between
		// the statements.
		for (int i = 0; i < 2; i++) {
			if (jdbc.update(TAKE, bucket) == 1 || jdbc.update(FIRST, bucket) == 1) {
				return Optional.empty();
			}
			List<Double> micros = jdbc.queryForList(MICROS_TO_TOKEN, bucket, Double.class);
			if (!micros.isEmpty() && micros.get(0) > 0) {
				return Optional.of(Duration.ofNanos((long) Math.ceil(micros.get(0)) * 1_000));
			}
		}
		return Optional.of(Duration.ofSeconds(1));
	}

	/**
	 * Forgets the buckets that have refilled: a million clients must not mean a million
	 * rows.
	 */
	@Scheduled(fixedDelay = 1, timeUnit = TimeUnit.MINUTES)
	void forgetFullBuckets() {
		// A thousand rows a statement, so that none holds many locks.
		int forgotten;
		do {
			forgotten = jdbc.update(FORGET_FULL, Map.of());
		}
		while (forgotten == 1000);
	}

	/**
	 * Sync Now limits.
	 *
	 * @param perMinute Sync Nows a client may have per minute (and at once)
	 */
	@Validated
	@ConfigurationProperties("jobs.sync-now")
	record Properties(@Min(1) int perMinute) {
	}

}
