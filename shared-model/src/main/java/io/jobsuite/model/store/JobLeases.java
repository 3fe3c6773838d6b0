package io.jobsuite.model.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * The leases of running jobs: renewed by the heartbeat, and checked (row locked) by every
 * fenced write of a handler, on the database's clock.
 */
public class JobLeases {

	private static final String EXTEND = """
			UPDATE jobs SET lease_until = DATE_ADD(UTC_TIMESTAMP(3), INTERVAL :leaseMicros MICROSECOND),
			    recheck_at = DATE_ADD(UTC_TIMESTAMP(3), INTERVAL 2 * :leaseMicros MICROSECOND)
			WHERE id = :id AND attempts = :attempt AND lease_owner = :owner AND status = 'RUNNING'
			  AND lease_until >= UTC_TIMESTAMP(3)
			""";

	private static final String HOLDS = """
			SELECT COUNT(*) FROM jobs
			WHERE id = :id AND attempts = :attempt AND lease_owner = :owner AND status = 'RUNNING'
			  AND lease_until > UTC_TIMESTAMP(3)
			FOR UPDATE
			""";

	private final NamedParameterJdbcTemplate jdbc;

	public JobLeases(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Renews the leases of jobs whose claims still hold them (an expired lease is not
	 * revived: a newer claim may be about to take it); answers the ones no longer held.
	 */
	public List<ClaimedJob> extend(List<ClaimedJob> jobs, Duration lease) {
		SqlParameterSource[] updates = jobs.stream()
			.map(job -> new MapSqlParameterSource(JobTransitions.fenced(job)).addValue("leaseMicros",
					JobTransitions.micros(lease)))
			.toArray(SqlParameterSource[]::new);
		int[] counts = jdbc.batchUpdate(EXTEND, updates);
		List<ClaimedJob> lost = new ArrayList<>();
		for (int i = 0; i < jobs.size(); i++) {
			if (counts[i] == 0) {
				lost.add(jobs.get(i));
			}
		}
		return lost;
	}

	/**
	 * Whether this claim still holds its job's lease, locking the row until the caller's
	 * transaction ends: a completion or takeover waits for the writes made under it.
	 */
	public boolean holds(ClaimedJob job) {
		return jdbc.queryForObject(HOLDS, JobTransitions.fenced(job), Integer.class) == 1;
	}

}
