package io.jobsuite.api.counts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.jobsuite.model.Utc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The overview's figures of finished work: attempts per minute, queue, job type and
 * outcome, rolled up from {@code job_attempts} as they finish, so that the overview reads
 * a day of small rows whatever the history holds.
 * <p>
 * Every API instance tries a round every {@code interval}; any number may. A round locks
 * the one mark row with {@code FOR UPDATE SKIP LOCKED} (an instance that finds it locked
 * skips the round: another one is counting), counts the attempts that finished between
 * the mark and the database's clock less {@code settle} (a range of
 * {@code ix_job_attempts_finished}, each attempt's job read by its key for its queue and
 * type), adds them to the minutes' counts and moves the mark, all in one transaction:
 * each attempt is counted once. {@code settle} leaves time for a completion to commit
 * after its {@code finished_at}; an attempt that becomes visible later than that is not
 * counted (an abandoned attempt, recorded by the worker that takes its job over with its
 * lease's end as its finish, usually is not).
 */
@Component
public class AttemptCounts implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(AttemptCounts.class);

	static final String LOCK_MARK = """
			SELECT counted_to,
			       LEAST(DATE_ADD(counted_to, INTERVAL :stepMicros MICROSECOND),
			             DATE_SUB(UTC_TIMESTAMP(3), INTERVAL :settleMicros MICROSECOND)) AS up_to,
			       DATE_ADD(counted_to, INTERVAL :stepMicros MICROSECOND)
			           >= DATE_SUB(UTC_TIMESTAMP(3), INTERVAL :settleMicros MICROSECOND) AS caught_up
			FROM attempt_counts_mark WHERE id = 1 FOR UPDATE SKIP LOCKED
			""";

	static final String COUNT_FINISHED = """
			SELECT DATE_FORMAT(a.finished_at, '%Y-%m-%d %H:%i:00') AS minute_start, j.queue, j.type, a.outcome,
			       COUNT(*) AS attempts
			FROM job_attempts a JOIN jobs j ON j.id = a.job_id
			WHERE a.finished_at >= :from AND a.finished_at < :to
			GROUP BY minute_start, j.queue, j.type, a.outcome
			""";

	static final String ADD = """
			INSERT INTO attempt_counts (minute_start, queue, type, outcome, attempts)
			VALUES (:minute_start, :queue, :type, :outcome, :attempts)
			ON DUPLICATE KEY UPDATE attempts = attempts + VALUES(attempts)
			""";

	static final String MOVE_MARK = "UPDATE attempt_counts_mark SET counted_to = :to WHERE id = 1";

	static final String TRIM = """
			DELETE FROM attempt_counts WHERE minute_start < DATE_SUB(UTC_TIMESTAMP(), INTERVAL :keepMicros MICROSECOND)
			ORDER BY minute_start LIMIT 1000
			""";

	static final String READ_RECENT = """
			SELECT queue, type, outcome, SUM(attempts) AS last_day,
			       SUM(IF(minute_start >= DATE_SUB(UTC_TIMESTAMP(), INTERVAL 1 HOUR), attempts, 0)) AS last_hour
			FROM attempt_counts WHERE minute_start >= DATE_SUB(UTC_TIMESTAMP(), INTERVAL 1 DAY)
			GROUP BY queue, type, outcome
			""";

	private final NamedParameterJdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final AttemptCountsProperties properties;

	private final QueueWaits waits;

	AttemptCounts(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions,
			AttemptCountsProperties properties, QueueWaits waits) {
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactions);
		this.properties = properties;
		this.waits = waits;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::countQuietly, properties.interval());
	}

	/**
	 * Counts what finished since the mark, a step at a time, until it has caught up or
	 * another instance holds the mark; answers how many attempts it counted.
	 */
	public long countFinished() {
		long counted = 0;
		while (true) {
			Step step = transaction.execute(tx -> step());
			counted += step.counted();
			if (!step.more()) {
				return counted;
			}
		}
	}

	/**
	 * Attempts that finished in the last day, and in the last hour, per queue, type and
	 * outcome, as far as they are counted.
	 */
	public Recent recent() {
		List<Count> counts = jdbc.query(READ_RECENT, (rs, n) -> new Count(rs.getString("queue"), rs.getString("type"),
				rs.getString("outcome"), rs.getLong("last_hour"), rs.getLong("last_day")));
		Instant countedTo = jdbc.getJdbcTemplate()
			.queryForObject("SELECT counted_to FROM attempt_counts_mark WHERE id = 1",
					(rs, n) -> Utc.instant(rs, "counted_to"));
		return new Recent(counts, countedTo);
	}

	private Step step() {
		MapSqlParameterSource params = new MapSqlParameterSource("stepMicros", micros(properties.step()))
			.addValue("settleMicros", micros(properties.settle()))
			.addValue("keepMicros", micros(properties.keep()));
		List<Stretch> locked = jdbc.query(LOCK_MARK, params, (rs, n) -> new Stretch(Utc.instant(rs, "counted_to"),
				Utc.instant(rs, "up_to"), rs.getBoolean("caught_up")));
		if (locked.isEmpty()) {
			return new Step(0, false);
		}
		jdbc.update(TRIM, params);
		waits.trim(params);
		Stretch stretch = locked.get(0);
		if (!stretch.to().isAfter(stretch.from())) {
			return new Step(0, false);
		}
		List<SqlParameterSource> minutes = jdbc.query(COUNT_FINISHED,
				new MapSqlParameterSource("from", Utc.column(stretch.from())).addValue("to", Utc.column(stretch.to())),
				(rs, n) -> new MapSqlParameterSource("minute_start", rs.getString("minute_start"))
					.addValue("queue", rs.getString("queue"))
					.addValue("type", rs.getString("type"))
					.addValue("outcome", rs.getString("outcome"))
					.addValue("attempts", rs.getLong("attempts")));
		if (!minutes.isEmpty()) {
			jdbc.batchUpdate(ADD, minutes.toArray(SqlParameterSource[]::new));
		}
		waits.add(stretch.from(), stretch.to());
		jdbc.update(MOVE_MARK, new MapSqlParameterSource("to", Utc.column(stretch.to())));
		long counted = minutes.stream().mapToLong(row -> (Long) row.getValue("attempts")).sum();
		return new Step(counted, !stretch.caughtUp());
	}

	private void countQuietly() {
		try {
			countFinished();
		}
		catch (RuntimeException ex) {
			// The database may be down; the next round goes on from the mark, and nothing
			// is lost meanwhile.
			log.warn("Counting finished attempts failed: {}", ex.toString());
		}
	}

	private static long micros(Duration duration) {
		return duration.toNanos() / 1_000;
	}

	private record Stretch(Instant from, Instant to, boolean caughtUp) {
	}

	private record Step(long counted, boolean more) {
	}

	/**
	 * Attempts that finished in one queue, of one type, with one outcome.
	 *
	 * @param queue the job's queue
	 * @param type the job's type
	 * @param outcome the attempt's outcome (SUCCEEDED, RETRYING, FAILED, LEASE_EXPIRED)
	 * @param lastHour in the minutes that started in the last hour
	 * @param lastDay in the minutes that started in the last day
	 */
	public record Count(String queue, String type, String outcome, long lastHour, long lastDay) {
	}

	/**
	 * The recent counts.
	 *
	 * @param counts one per queue, type and outcome seen in the last day
	 * @param countedTo attempts that finished before this are counted
	 */
	public record Recent(List<Count> counts, Instant countedTo) {
	}

}
