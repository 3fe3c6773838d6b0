package io.jobsuite.model.recurring;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.jobsuite.model.Utc;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * The {@code recurring_jobs} rows: one per declared recurring job, holding its schedule's
 * cursor (the latest occurrence created or skipped), its paused flag and its last job.
 * Every scheduler instance moves the cursor with one conditional UPDATE, in the
 * transaction that inserts the occurrence's job: the row lock orders the instances, and
 * an occurrence the cursor has passed is never created again, even after its job finished
 * (the jobs' unique index holds only active jobs). Times are the database's.
 */
public class RecurringRows {

	private final NamedParameterJdbcTemplate jdbc;

	public RecurringRows(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The rows of these recurring jobs, creating those missing with their cursor at now
	 * (so a new declaration starts at its next occurrence, not in the past).
	 */
	public States states(RecurringJobs catalog) {
		if (catalog.all().isEmpty()) {
			return new States(jdbc.queryForObject("SELECT UTC_TIMESTAMP(3)", Map.of(),
					(rs, n) -> Utc.instant(rs, "UTC_TIMESTAMP(3)")), List.of());
		}
		List<Row> rows = read(catalog.names());
		if (rows.size() < catalog.all().size()) {
			jdbc.batchUpdate("""
					INSERT INTO recurring_jobs (name, last_occurrence) VALUES (:name, UTC_TIMESTAMP(3))
					ON DUPLICATE KEY UPDATE name = name
					""",
					catalog.names()
						.stream()
						.map(name -> new MapSqlParameterSource("name", name))
						.toArray(SqlParameterSource[]::new));
			rows = read(catalog.names());
		}
		return new States(rows.get(0).now(), rows.stream().map(Row::state).toList());
	}

	/**
	 * Moves the cursor of a running (not paused) recurring job to {@code occurrence} if
	 * it is not there yet: true for the one caller that may create that occurrence.
	 */
	public boolean claim(String name, Instant occurrence) {
		return jdbc.update("""
				UPDATE recurring_jobs SET last_occurrence = :occurrence
				WHERE name = :name AND paused = FALSE AND last_occurrence < :occurrence
				""", Map.of("name", name, "occurrence", Utc.column(occurrence))) == 1;
	}

	/** Records the job just created for it; a Run now is counted. */
	public void recordJob(String name, UUID jobId, boolean runNow) {
		jdbc.update("""
				UPDATE recurring_jobs SET last_job_id = :jobId, last_job_at = UTC_TIMESTAMP(3),
				run_now_count = run_now_count + :runNow WHERE name = :name
				""", Map.of("name", name, "jobId", jobId.toString(), "runNow", runNow ? 1 : 0));
	}

	/** Pauses it; false if it was paused already. */
	public boolean pause(String name) {
		return jdbc.update("UPDATE recurring_jobs SET paused = TRUE WHERE name = :name AND paused = FALSE",
				Map.of("name", name)) == 1;
	}

	/**
	 * Resumes it at its next occurrence: the cursor moves to now, so occurrences that
	 * fell while it was paused are not made up. False if it was not paused.
	 */
	public boolean resume(String name) {
		return jdbc.update("""
				UPDATE recurring_jobs SET paused = FALSE, last_occurrence = GREATEST(last_occurrence, UTC_TIMESTAMP(3))
				WHERE name = :name AND paused = TRUE
				""", Map.of("name", name)) == 1;
	}

	private List<Row> read(List<String> names) {
		return jdbc.query("""
				SELECT r.name, r.last_occurrence, r.paused, r.last_job_id, r.last_job_at, r.run_now_count,
				j.status AS last_job_status, UTC_TIMESTAMP(3) AS now
				FROM recurring_jobs r LEFT JOIN jobs j ON j.id = r.last_job_id WHERE r.name IN (:names)
				""", Map.of("names", names), (rs, n) -> new Row(state(rs), Utc.instant(rs, "now")));
	}

	private static State state(ResultSet rs) throws SQLException {
		String lastJob = rs.getString("last_job_id");
		return new State(rs.getString("name"), Utc.instant(rs, "last_occurrence"), rs.getBoolean("paused"),
				lastJob == null ? null : UUID.fromString(lastJob), Utc.instant(rs, "last_job_at"),
				rs.getString("last_job_status"), rs.getLong("run_now_count"));
	}

	private record Row(State state, Instant now) {
	}

	/**
	 * The rows as read, with the database's time of reading.
	 *
	 * @param now the database's clock when they were read
	 * @param states one per recurring job
	 */
	public record States(Instant now, List<State> states) {
	}

	/**
	 * One recurring job's row.
	 *
	 * @param name the recurring job (its type's name)
	 * @param lastOccurrence the schedule's cursor: occurrences up to it were created or
	 * skipped
	 * @param paused whether the schedulers leave it alone
	 * @param lastJobId the last job created for it (an occurrence or a Run now), or null
	 * @param lastJobAt when that job was created
	 * @param lastJobStatus that job's status, or null once retention deleted it
	 * @param runNowCount Run now presses that created a job
	 */
	public record State(String name, Instant lastOccurrence, boolean paused, UUID lastJobId, Instant lastJobAt,
			String lastJobStatus, long runNowCount) {
	}

}
