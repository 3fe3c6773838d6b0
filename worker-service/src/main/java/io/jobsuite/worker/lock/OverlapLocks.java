package io.jobsuite.worker.lock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.jobsuite.model.store.ClaimedJob;
import io.jobsuite.model.store.JobTransitions;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

/**
 * WithoutOverlapping: one row per held overlap key in {@code job_locks}, owned by the
 * claim that holds it (the claim's owner token and job) until it is released or its
 * {@code release_after} passes, on the database's clock. A claim takes a lock that is
 * free, expired, or left behind by an earlier attempt of the same job (whose claim this
 * one has superseded).
 */
@Repository
public class OverlapLocks {

	/*
	 * MySQL and MariaDB evaluate single-table assignments left to right with the new
	 * values, so release_after, which the conditions read, is assigned last.
	 */
	private static final String ACQUIRE = """
			INSERT INTO job_locks (lock_key, owner_job_id, owner, release_after)
			VALUES (:key, :jobId, :owner, DATE_ADD(UTC_TIMESTAMP(3), INTERVAL :leaseMicros MICROSECOND))
			ON DUPLICATE KEY UPDATE
			    owner_job_id = IF(release_after < UTC_TIMESTAMP(3) OR owner_job_id = :jobId, VALUES(owner_job_id),
			                      owner_job_id),
			    owner = IF(release_after < UTC_TIMESTAMP(3) OR owner_job_id = :jobId, VALUES(owner), owner),
			    release_after = IF(owner = VALUES(owner) AND owner_job_id = VALUES(owner_job_id), VALUES(release_after),
			                   release_after)
			""";

	private static final String HELD = """
			SELECT COUNT(*) FROM job_locks WHERE lock_key = :key AND owner = :owner AND owner_job_id = :jobId
			""";

	private static final String EXTEND = """
			UPDATE job_locks SET release_after = DATE_ADD(UTC_TIMESTAMP(3), INTERVAL :leaseMicros MICROSECOND)
			WHERE lock_key = :key AND owner = :owner AND owner_job_id = :jobId AND release_after >= UTC_TIMESTAMP(3)
			""";

	private static final String RELEASE = """
			DELETE FROM job_locks WHERE lock_key = :key AND owner = :owner AND owner_job_id = :jobId
			""";

	private final NamedParameterJdbcTemplate jdbc;

	OverlapLocks(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Takes the job's overlap lock for {@code lease}; false when another job holds it.
	 */
	public boolean acquire(ClaimedJob job, Duration lease) {
		MapSqlParameterSource lock = held(job);
		jdbc.update(ACQUIRE, lock.addValue("leaseMicros", JobTransitions.micros(lease)));
		// One claim covers a whole batch, so its owner token alone does not tell the
		// batch's jobs apart.
		return jdbc.queryForObject(HELD, lock, Integer.class) == 1;
	}

	private static MapSqlParameterSource held(ClaimedJob job) {
		return new MapSqlParameterSource("key", job.overlapKey()).addValue("owner", job.owner())
			.addValue("jobId", job.id().toString());
	}

	/**
	 * Moves the locks these claims hold on by {@code lease}; answers the jobs whose lock
	 * expired or went to another job (they must stop: the key is no longer theirs).
	 */
	public List<ClaimedJob> extend(List<ClaimedJob> jobs, Duration lease) {
		List<ClaimedJob> locking = jobs.stream().filter(job -> job.overlapKey() != null).toList();
		if (locking.isEmpty()) {
			return List.of();
		}
		int[] counts = jdbc.batchUpdate(EXTEND,
				locking.stream()
					.map(job -> held(job).addValue("leaseMicros", JobTransitions.micros(lease)))
					.toArray(SqlParameterSource[]::new));
		List<ClaimedJob> lost = new ArrayList<>();
		for (int i = 0; i < locking.size(); i++) {
			if (counts[i] == 0) {
				lost.add(locking.get(i));
			}
		}
		return lost;
	}

	/**
	 * Releases the locks these claims hold; a lock another claim has taken over stays
	 * with it.
	 */
	public void release(List<ClaimedJob> jobs) {
		SqlParameterSource[] releases = jobs.stream()
			.filter(job -> job.overlapKey() != null)
			.map(OverlapLocks::held)
			.toArray(SqlParameterSource[]::new);
		if (releases.length > 0) {
			jdbc.batchUpdate(RELEASE, releases);
		}
	}

}
