package io.jobsuite.api.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.jobsuite.api.jobs.WaitingReason.Delayed;
import io.jobsuite.api.jobs.WaitingReason.ForWorker;
import io.jobsuite.api.jobs.WaitingReason.InBackoff;
import io.jobsuite.model.JobStatus;
import io.jobsuite.model.Utc;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Why a job is not running now, from its row (read by key, with the database's clock) and
 * the rows that hold it ({@link WaitingCheck}s, each an index lookup). Only QUEUED and
 * RETRYING jobs wait; a running or finished job has no reason.
 */
@Service
class WaitingReasons {

	static final String ROW = """
			SELECT type, status, message_group, overlap_key, not_before, sent_at, attempts, max_attempts,
			       UTC_TIMESTAMP(3) AS now
			FROM jobs WHERE id = :id
			""";

	private final NamedParameterJdbcTemplate jdbc;

	private final List<WaitingCheck> checks;

	WaitingReasons(NamedParameterJdbcTemplate jdbc, List<WaitingCheck> checks) {
		this.jdbc = jdbc;
		this.checks = checks;
	}

	Optional<WaitingReason> of(String jobId) {
		List<Read> read = jdbc.query(ROW, Map.of("id", jobId), (rs, n) -> {
			JobStatus status = JobStatus.valueOf(rs.getString("status"));
			Instant now = Utc.instant(rs, "now");
			return new Read(status.isClaimable(),
					new WaitingCheck.Row(jobId, rs.getString("type"), rs.getString("message_group"),
							rs.getString("overlap_key"), now),
					ownTime(status, Utc.instant(rs, "not_before"), now, rs.getObject("sent_at") != null,
							rs.getInt("attempts"), rs.getInt("max_attempts")));
		});
		return read.stream().filter(Read::waiting).findFirst().map(job -> held(job.row()).orElse(job.ownTime()));
	}

	private Optional<WaitingReason> held(WaitingCheck.Row row) {
		for (WaitingCheck check : checks) {
			Optional<WaitingReason> reason = check.check(row);
			if (reason.isPresent()) {
				return reason;
			}
		}
		return Optional.empty();
	}

	/**
	 * Nothing else holds it: its own time (a retry's backoff, a requested delay, or a
	 * FIFO job parked until its group moves on), else a worker.
	 */
	static WaitingReason ownTime(JobStatus status, Instant notBefore, Instant now, boolean sent, int attempts,
			int maxAttempts) {
		if (notBefore.isAfter(now)) {
			return status == JobStatus.RETRYING ? new InBackoff(notBefore, attempts, maxAttempts)
					: new Delayed(notBefore);
		}
		return new ForWorker(sent, notBefore);
	}

	/**
	 * A job's row as read: whether it can wait at all, and its own reason if nothing
	 * holds it.
	 */
	private record Read(boolean waiting, WaitingCheck.Row row, WaitingReason ownTime) {
	}

}
