package io.jobsuite.api.freshness;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import io.jobsuite.model.Utc;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads the freshness figures with work that does not grow with the number of healthy
 * clients: the overdue counts are ranges of the {@code stale_at} and
 * {@code twice_stale_at} indexes (maintained by the database as syncs finish, migration
 * V15), read as index entries only and stopped at a limit; the percentiles come from a
 * sample of clients read by primary key; the backlog is a range of the jobs' status index
 * (index entries only, stopped at the limit) and the rate a few minutes of the rolled-up
 * attempt counts.
 */
@Component
class FreshnessReader {

	static final String OVERDUE = """
			SELECT COUNT(*) FROM (SELECT 1 FROM clients WHERE stale_at < UTC_TIMESTAMP(3) LIMIT :limit) overdue
			""";

	static final String TWICE_OVERDUE = """
			SELECT COUNT(*) FROM (SELECT 1 FROM clients WHERE twice_stale_at < UTC_TIMESTAMP(3) LIMIT :limit) overdue
			""";

	static final String ID_RANGE = "SELECT MIN(id) AS lo, MAX(id) AS hi FROM clients";

	static final String AGES = """
			SELECT TIMESTAMPDIFF(MICROSECOND, COALESCE(last_synced_at, created_at), UTC_TIMESTAMP(3)) AS age
			FROM clients WHERE id IN (:ids)
			""";

	static final String AGES_IN_RANGE = """
			SELECT TIMESTAMPDIFF(MICROSECOND, COALESCE(last_synced_at, created_at), UTC_TIMESTAMP(3)) AS age
			FROM clients WHERE id BETWEEN :lo AND :hi
			""";

	static final String BACKLOG = """
			SELECT COUNT(*) FROM (SELECT 1 FROM jobs WHERE status IN ('QUEUED', 'RETRYING') LIMIT :limit) waiting
			""";

	static final String COUNTED_TO = "SELECT counted_to FROM attempt_counts_mark WHERE id = 1";

	static final String FINISHED = """
			SELECT COALESCE(SUM(attempts), 0) FROM attempt_counts
			WHERE minute_start >= :from AND minute_start < :to AND outcome IN ('SUCCEEDED', 'FAILED')
			""";

	private final NamedParameterJdbcTemplate jdbc;

	private final FreshnessProperties properties;

	private final Clock clock;

	private final RandomGenerator random = RandomGenerator.getDefault();

	FreshnessReader(NamedParameterJdbcTemplate jdbc, FreshnessProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.clock = clock;
	}

	FreshnessSnapshot read() {
		MapSqlParameterSource limit = new MapSqlParameterSource("limit", properties.countLimit());
		long overdue = jdbc.queryForObject(OVERDUE, limit, Long.class);
		long twiceOverdue = jdbc.queryForObject(TWICE_OVERDUE, limit, Long.class);
		Percentiles staleness = Percentiles.of(sampleAgesMicros());
		long backlog = jdbc.queryForObject(BACKLOG, limit, Long.class);
		return new FreshnessSnapshot(overdue, twiceOverdue, properties.countLimit(), staleness.at(0.5) / 1e6,
				staleness.at(0.99) / 1e6, staleness.size(), backlog, finishedPerSecond(), properties.scanWindow(),
				clock.instant().truncatedTo(ChronoUnit.SECONDS));
	}

	/**
	 * Time since each sampled client's last successful sync (or its creation), on the
	 * database's clock: every client when the id range is within the sample size, else
	 * that many ids drawn at random from the range (ids of deleted clients draw nothing).
	 */
	private List<Long> sampleAgesMicros() {
		Map<String, Object> range = jdbc.queryForMap(ID_RANGE, Map.of());
		if (range.get("lo") == null) {
			return List.of();
		}
		long lo = ((Number) range.get("lo")).longValue();
		long hi = ((Number) range.get("hi")).longValue();
		if (hi - lo < properties.sampleSize()) {
			return jdbc.queryForList(AGES_IN_RANGE, Map.of("lo", lo, "hi", hi), Long.class);
		}
		List<Long> ids = random.longs(properties.sampleSize(), lo, hi + 1).distinct().boxed().toList();
		return jdbc.queryForList(AGES, Map.of("ids", ids), Long.class);
	}

	/**
	 * Jobs finished per second over the last {@code rateWindow} of whole minutes the
	 * attempt counts hold.
	 */
	private double finishedPerSecond() {
		Instant countedTo = jdbc.queryForObject(COUNTED_TO, Map.of(), (rs, n) -> Utc.instant(rs, "counted_to"));
		Instant to = countedTo.truncatedTo(ChronoUnit.MINUTES);
		Instant from = to.minus(properties.rateWindow());
		long finished = jdbc.queryForObject(FINISHED,
				new MapSqlParameterSource("from", Utc.column(from)).addValue("to", Utc.column(to)), Long.class);
		return finished / (double) properties.rateWindow().toSeconds();
	}

}
