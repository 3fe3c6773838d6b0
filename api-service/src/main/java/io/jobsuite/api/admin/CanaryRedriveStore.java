package io.jobsuite.api.admin;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.jobsuite.api.admin.CanaryRedrive.Status;
import io.jobsuite.model.QueueKind;
import io.jobsuite.model.Utc;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The rows of canaried redrives. Every change of status is one conditional UPDATE from
 * the status it expects, so that two API instances never both carry on one step.
 */
@Repository
class CanaryRedriveStore {

	private static final String COLUMNS = """
			id, queue, fingerprint_id, fingerprint, canary_size, status, canary_jobs, redriven, note, started_by,
			started_at, updated_at, TIMESTAMPDIFF(MICROSECOND, started_at, UTC_TIMESTAMP(3)) AS age_micros,
			updated_at < DATE_SUB(UTC_TIMESTAMP(3), INTERVAL :staleMicros MICROSECOND) AS stale
			""";

	static final String INSERT = """
			INSERT INTO dead_letter_redrives (queue, fingerprint_id, fingerprint, canary_size, status, started_by,
			    started_at, updated_at)
			VALUES (:queue, :fingerprintId, :fingerprint, :size, 'STARTING', :by, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))
			""";

	static final String UNDER_WAY = "SELECT " + COLUMNS
			+ " FROM dead_letter_redrives WHERE status IN (:statuses) ORDER BY status, updated_at LIMIT 50";

	static final String LATEST = "SELECT " + COLUMNS
			+ " FROM dead_letter_redrives WHERE queue = :queue ORDER BY started_at DESC LIMIT 10";

	static final String MOVE = """
			UPDATE dead_letter_redrives
			SET status = :to, updated_at = UTC_TIMESTAMP(3), redriven = redriven + :redriven,
			    canary_jobs = COALESCE(:canaryJobs, canary_jobs), note = COALESCE(:note, note)
			WHERE id = :id AND status = :from
			""";

	/* A redrive whose instance stopped mid-step: another one takes the step over. */
	static final String TAKE_OVER = """
			UPDATE dead_letter_redrives SET updated_at = UTC_TIMESTAMP(3)
			WHERE id = :id AND status = :status AND updated_at < DATE_SUB(UTC_TIMESTAMP(3), INTERVAL :staleMicros MICROSECOND)
			""";

	static final String TRIM = """
			DELETE FROM dead_letter_redrives
			WHERE status = :status AND updated_at < DATE_SUB(UTC_TIMESTAMP(3), INTERVAL :keepMicros MICROSECOND)
			ORDER BY updated_at LIMIT 100
			""";

	static final String JOB_STATUSES = "SELECT id, status FROM jobs WHERE id IN (:ids)";

	private final NamedParameterJdbcTemplate jdbc;

	private final CanaryRedriveProperties properties;

	CanaryRedriveStore(NamedParameterJdbcTemplate jdbc, CanaryRedriveProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	long insert(QueueKind queue, String fingerprintId, String fingerprint, int size, String by) {
		GeneratedKeyHolder key = new GeneratedKeyHolder();
		jdbc.update(INSERT,
				new MapSqlParameterSource("queue", queue.name()).addValue("fingerprintId", fingerprintId)
					.addValue("fingerprint", fingerprint)
					.addValue("size", size)
					.addValue("by", by),
				key, new String[] { "id" });
		return key.getKey().longValue();
	}

	List<CanaryRedrive> underWay() {
		return jdbc.query(UNDER_WAY, stale().addValue("statuses", Status.UNDER_WAY), this::row);
	}

	List<CanaryRedrive> latest(QueueKind queue) {
		return jdbc.query(LATEST, stale().addValue("queue", queue.name()), this::row);
	}

	/** Moves the redrive on from {@code from}; false when another instance did. */
	boolean move(long id, Status from, Status to, int redriven, List<UUID> canaryJobs, String note) {
		return jdbc.update(MOVE,
				new MapSqlParameterSource("id", id).addValue("from", from.name())
					.addValue("to", to.name())
					.addValue("redriven", redriven)
					.addValue("canaryJobs", canaryJobs == null ? null : CanaryRedrive.joinJobs(canaryJobs))
					.addValue("note", note)) == 1;
	}

	boolean takeOver(long id, Status status) {
		return jdbc.update(TAKE_OVER, stale().addValue("id", id).addValue("status", status.name())) == 1;
	}

	void trim() {
		for (Status finished : List.of(Status.COMPLETED, Status.STOPPED)) {
			jdbc.update(TRIM, new MapSqlParameterSource("status", finished.name()).addValue("keepMicros",
					properties.keep().toNanos() / 1_000));
		}
	}

	Map<UUID, String> jobStatuses(List<UUID> jobs) {
		Map<UUID, String> statuses = new HashMap<>();
		if (!jobs.isEmpty()) {
			jdbc.query(JOB_STATUSES, Map.of("ids", jobs.stream().map(UUID::toString).toList()), rs -> {
				statuses.put(UUID.fromString(rs.getString("id")), rs.getString("status"));
			});
		}
		return statuses;
	}

	private MapSqlParameterSource stale() {
		return new MapSqlParameterSource("staleMicros", properties.staleAfter().toNanos() / 1_000);
	}

	private CanaryRedrive row(ResultSet rs, int n) throws SQLException {
		return new CanaryRedrive(rs.getLong("id"), rs.getString("queue"), rs.getString("fingerprint_id"),
				rs.getString("fingerprint"), rs.getInt("canary_size"), Status.valueOf(rs.getString("status")),
				CanaryRedrive.parseJobs(rs.getString("canary_jobs")), rs.getInt("redriven"), rs.getString("note"),
				rs.getString("started_by"), Utc.instant(rs, "started_at"), Utc.instant(rs, "updated_at"),
				Duration.ofNanos(rs.getLong("age_micros") * 1_000), rs.getBoolean("stale"));
	}

}
