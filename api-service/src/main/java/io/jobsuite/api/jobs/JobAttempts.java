package io.jobsuite.api.jobs;

import java.util.List;

import io.jobsuite.model.Utc;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The recorded attempts of a job, oldest first. */
@Repository
class JobAttempts {

	private final JdbcTemplate jdbc;

	JobAttempts(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	List<JobView.Attempt> of(String jobId) {
		return jdbc.query("""
				SELECT attempt, worker, started_at, finished_at, outcome, error_class, error_message, error_stack
				FROM job_attempts WHERE job_id = ? ORDER BY attempt
				""",
				(rs, i) -> new JobView.Attempt(rs.getInt("attempt"), rs.getString("worker"),
						Utc.instant(rs, "started_at"), Utc.instant(rs, "finished_at"), rs.getString("outcome"),
						rs.getString("error_class"), rs.getString("error_message"), rs.getString("error_stack")),
				jobId);
	}

}
