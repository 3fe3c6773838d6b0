package io.jobsuite.model.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

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

	private static final String HOLDS = "SELECT COUNT(*) FROM jobs WHERE " + JobTransitions.LEASE_HELD + " FOR UPDATE";

	/*
	 * Locks (in a transaction) the rows no other transaction holds, waiting for none, and
	 * reads whose cancel was requested: the renewal carries the request at no extra cost.
	 */
	private static final String LOCK_FREE = "SELECT id, cancel_requested_at IS NOT NULL AS cancel_requested"
			+ " FROM jobs WHERE id IN (:ids) FOR UPDATE SKIP LOCKED";

	private final NamedParameterJdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	public JobLeases(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactions);
		this.transaction.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
	}

	/**
	 * Renews the leases of jobs whose claims still hold them (an expired lease is not
	 * revived: a newer claim may be about to take it). A row another transaction has
	 * locked is skipped, not waited for: one job's row held up (a long fenced write, a
	 * stuck transaction) must not keep the other jobs' leases from being renewed.
	 */
	public Extension extend(List<ClaimedJob> jobs, Duration lease) {
		return transaction.execute(status -> {
			Set<String> free = new HashSet<>();
			Set<String> cancelRequested = new HashSet<>();
			jdbc.query(LOCK_FREE, Map.of("ids", jobs.stream().map(job -> job.id().toString()).toList()), rs -> {
				free.add(rs.getString("id"));
				if (rs.getBoolean("cancel_requested")) {
					cancelRequested.add(rs.getString("id"));
				}
			});
			List<ClaimedJob> locked = jobs.stream().filter(job -> !free.contains(job.id().toString())).toList();
			List<ClaimedJob> renewable = jobs.stream().filter(job -> free.contains(job.id().toString())).toList();
			List<ClaimedJob> lost = new ArrayList<>();
			if (!renewable.isEmpty()) {
				int[] counts = jdbc.batchUpdate(EXTEND,
						renewable.stream()
							.map(job -> new MapSqlParameterSource(JobTransitions.fenced(job)).addValue("leaseMicros",
									JobTransitions.micros(lease)))
							.toArray(SqlParameterSource[]::new));
				for (int i = 0; i < renewable.size(); i++) {
					if (counts[i] == 0) {
						lost.add(renewable.get(i));
					}
				}
			}
			List<ClaimedJob> cancelling = renewable.stream()
				.filter(job -> cancelRequested.contains(job.id().toString()) && !lost.contains(job))
				.toList();
			return new Extension(lost, locked, cancelling);
		});
	}

	/**
	 * What a renewal found.
	 *
	 * @param lost claims that no longer hold their lease: their handlers must stop
	 * @param locked claims whose rows another transaction held: not renewed this time
	 * @param cancelRequested claims renewed whose jobs were asked to cancel: their
	 * handlers must stop, and their ends be written CANCELLED
	 */
	public record Extension(List<ClaimedJob> lost, List<ClaimedJob> locked, List<ClaimedJob> cancelRequested) {
	}

	/**
	 * Whether this claim still holds its job's lease, locking the row until the caller's
	 * transaction ends: a completion or takeover waits for the writes made under it.
	 */
	public boolean holds(ClaimedJob job) {
		return jdbc.queryForObject(HOLDS, JobTransitions.fenced(job), Integer.class) == 1;
	}

}
