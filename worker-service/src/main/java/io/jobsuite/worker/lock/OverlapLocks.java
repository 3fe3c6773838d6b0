package io.jobsuite.worker.lock;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.jobsuite.model.Utc;
import io.jobsuite.worker.claim.ClaimedJob;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

/**
 * WithoutOverlapping: one row per held overlap key in {@code job_locks}, owned by the
 * claim that holds it (the claim's owner token) until it is released or its
 * {@code release_after} passes. A claim takes a lock that is free, expired, or left
 * behind by an earlier attempt of the same job (whose claim this one has superseded).
 */
@Repository
public class OverlapLocks {

	/*
	 * MySQL and MariaDB evaluate single-table assignments left to right with the new
	 * values, so release_after, which the conditions read, is assigned last.
	 */
	private static final String ACQUIRE = """
			INSERT INTO job_locks (lock_key, owner_job_id, owner, release_after)
			VALUES (:key, :jobId, :owner, :releaseAfter)
			ON DUPLICATE KEY UPDATE
			    owner_job_id = IF(release_after < :now OR owner_job_id = :jobId, VALUES(owner_job_id), owner_job_id),
			    owner = IF(release_after < :now OR owner_job_id = :jobId, VALUES(owner), owner),
			    release_after = IF(owner = VALUES(owner) AND owner_job_id = VALUES(owner_job_id), VALUES(release_after),
			                   release_after)
			""";

	private static final String HELD = """
			SELECT COUNT(*) FROM job_locks WHERE lock_key = :key AND owner = :owner AND owner_job_id = :jobId
			""";

	private static final String EXTEND = """
			UPDATE job_locks SET release_after = :releaseAfter WHERE owner IN (:owners)
			""";

	private static final String RELEASE = """
			DELETE FROM job_locks WHERE lock_key = :key AND owner = :owner AND owner_job_id = :jobId
			""";

	private final NamedParameterJdbcTemplate jdbc;

	OverlapLocks(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Takes the job's overlap lock until {@code releaseAfter}; false when another job
	 * holds it.
	 */
	public boolean acquire(ClaimedJob job, Instant now, Instant releaseAfter) {
		MapSqlParameterSource lock = held(job);
		jdbc.update(ACQUIRE, lock.addValue("now", Utc.column(now)).addValue("releaseAfter", Utc.column(releaseAfter)));
		// One claim covers a whole batch, so its owner token alone does not tell the
		// batch's jobs apart.
		return jdbc.queryForObject(HELD, lock, Integer.class) == 1;
	}

	private static MapSqlParameterSource held(ClaimedJob job) {
		return new MapSqlParameterSource("key", job.overlapKey()).addValue("owner", job.owner())
			.addValue("jobId", job.id().toString());
	}

	/** Moves the locks these claims hold to {@code releaseAfter}. */
	public void extend(List<ClaimedJob> jobs, Instant releaseAfter) {
		List<String> owners = jobs.stream().filter(job -> job.overlapKey() != null).map(ClaimedJob::owner).toList();
		if (!owners.isEmpty()) {
			jdbc.update(EXTEND, Map.of("owners", owners, "releaseAfter", Utc.column(releaseAfter)));
		}
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
