package io.jobsuite.api.jobs;

import java.util.Map;
import java.util.Optional;

import io.jobsuite.api.jobs.WaitingReason.BehindInGroup;
import io.jobsuite.api.jobs.WaitingReason.OverlapLockHeld;
import io.jobsuite.model.Utc;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** The built-in {@link WaitingCheck}s: a FIFO group's order and overlap locks. */
@Configuration(proxyBeanMethods = false)
class WaitingChecks {

	/**
	 * The oldest unfinished job of the group, if older than this one: a range of
	 * {@code ix_jobs_active_group}, one entry. The worker claims a FIFO job only when it
	 * is its group's oldest active job, by id.
	 */
	static final String GROUP_HEAD = """
			SELECT id, status FROM jobs WHERE active_group = :group AND id < :id ORDER BY id LIMIT 1
			""";

	/** The lock by its key, if another job holds it and it has not expired. */
	static final String LOCK_HOLDER = """
			SELECT owner_job_id, release_after FROM job_locks
			WHERE lock_key = :key AND owner_job_id <> :id AND release_after > :now
			""";

	@Bean
	@Order(WaitingCheck.FIFO_GROUP)
	WaitingCheck fifoGroupCheck(NamedParameterJdbcTemplate jdbc) {
		return job -> job.messageGroup() == null ? Optional.empty()
				: jdbc
					.query(GROUP_HEAD, Map.of("group", job.messageGroup(), "id", job.id()),
							(rs, n) -> (WaitingReason) new BehindInGroup(job.messageGroup(), rs.getString("id"),
									rs.getString("status")))
					.stream()
					.findFirst();
	}

	@Bean
	@Order(WaitingCheck.OVERLAP_LOCK)
	WaitingCheck overlapLockCheck(NamedParameterJdbcTemplate jdbc) {
		return job -> job.overlapKey() == null ? Optional.empty()
				: jdbc
					.query(LOCK_HOLDER, Map.of("key", job.overlapKey(), "id", job.id(), "now", Utc.column(job.now())),
							(rs, n) -> (WaitingReason) new OverlapLockHeld(job.overlapKey(),
									rs.getString("owner_job_id"), Utc.instant(rs, "release_after")))
					.stream()
					.findFirst();
	}

}
