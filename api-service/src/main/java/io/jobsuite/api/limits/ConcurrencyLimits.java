package io.jobsuite.api.limits;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.jobsuite.model.Utc;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The concurrency limits the workers share, as the admin shows them: a page of limits in
 * key order, each with its permits in use now (read by primary key, bounded by the max).
 */
@Repository
class ConcurrencyLimits {

	private static final String PAGE = """
			SELECT l.limit_key, l.current_limit, l.max_limit, l.recent_throttles, l.last_throttle_at, l.last_throttle,
			       IF(l.paused_until > UTC_TIMESTAMP(3), l.paused_until, NULL) AS paused_until,
			       (SELECT COUNT(*) FROM concurrency_permits p
			        WHERE p.limit_key = l.limit_key AND p.holder IS NOT NULL AND p.lease_until > UTC_TIMESTAMP(3))
			           AS in_flight
			FROM concurrency_limits l WHERE l.limit_key > :after ORDER BY l.limit_key LIMIT :size
			""";

	private final NamedParameterJdbcTemplate jdbc;

	ConcurrencyLimits(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Up to {@code size} limits whose keys sort after {@code after}. */
	List<Limit> page(String after, int size) {
		return jdbc.query(PAGE, Map.of("after", after, "size", size),
				(rs, row) -> new Limit(rs.getString("limit_key"), rs.getDouble("current_limit"), rs.getInt("max_limit"),
						rs.getInt("in_flight"), rs.getInt("recent_throttles"), Utc.instant(rs, "last_throttle_at"),
						rs.getString("last_throttle"), Utc.instant(rs, "paused_until")));
	}

	/**
	 * One limit.
	 *
	 * @param key {@code type:<job type>} or {@code upstream:<host>}
	 * @param current the permits it grants now (adaptive limits move it)
	 * @param max the configured max
	 * @param inFlight permits held now
	 * @param recentThrottles push-backs since the count last started again (5 quiet
	 * minutes)
	 * @param lastThrottleAt the last push-back, or null
	 * @param lastThrottle what it was, or null
	 * @param pausedUntil the Retry-After it honours now, or null
	 */
	record Limit(String key, double current, int max, int inFlight, int recentThrottles, Instant lastThrottleAt,
			String lastThrottle, Instant pausedUntil) {

		/**
		 * The permits the current limit grants (the fraction is the additive increase).
		 */
		public int permits() {
			return (int) Math.floor(current);
		}

	}

}
