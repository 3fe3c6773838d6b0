package io.jobsuite.worker.claim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.jobsuite.model.JobStatus;
import io.jobsuite.model.Utc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The worker's writes to the job table. A job is started only by winning one conditional
 * UPDATE; every later write is fenced by the attempt number and lease owner it won, so a
 * worker that lost its lease cannot overwrite a newer attempt.
 */
@Repository
public class JobClaims {

	/*
	 * Runs before the claim: an attempt whose lease expired was abandoned (its worker
	 * died or stalled), and whoever takes the job over records it. A completion that
	 * still wins its fenced UPDATE overwrites it.
	 */
	private static final String RECORD_ABANDONED = """
			INSERT INTO job_attempts (job_id, attempt, worker, started_at, finished_at, outcome, error_message)
			SELECT id, attempts, SUBSTRING_INDEX(lease_owner, '#', 1), COALESCE(attempt_started_at, started_at),
			       lease_until, 'LEASE_EXPIRED', 'the worker did not finish or renew its lease in time'
			FROM jobs
			WHERE id IN (:ids) AND status = 'RUNNING' AND lease_until < :now AND not_before <= :now
			ON DUPLICATE KEY UPDATE job_id = job_id
			""";

	private static final String CLAIM = """
			UPDATE jobs
			SET status = 'RUNNING', attempts = attempts + 1, lease_owner = :owner, lease_until = :leaseUntil,
			    started_at = COALESCE(started_at, :now), attempt_started_at = :now, sent_at = COALESCE(sent_at, :now)
			WHERE id IN (:ids) AND not_before <= :now
			  AND (status IN ('QUEUED', 'RETRYING') OR (status = 'RUNNING' AND lease_until < :now))
			""";

	private static final String READ = """
			SELECT id, type, status, payload, attempts, max_attempts, lease_owner, lease_until, not_before,
			       created_at, client_id, message_group, overlap_key, trace_id
			FROM jobs WHERE id IN (:ids)
			""";

	private static final String COMPLETE = """
			UPDATE jobs
			SET status = :status, not_before = COALESCE(:retryAt, not_before), finished_at = :finishedAt,
			    result = :result, last_error = :lastError, lease_owner = NULL, lease_until = NULL
			WHERE id = :id AND attempts = :attempt AND lease_owner = :owner AND status = 'RUNNING'
			""";

	/*
	 * Only for attempts whose completion won: a taker-over may have recorded this attempt
	 * as abandoned.
	 */
	private static final String RECORD_ATTEMPT = """
			INSERT INTO job_attempts (job_id, attempt, worker, started_at, finished_at, outcome,
			                          error_class, error_message, error_stack)
			VALUES (:id, :attempt, :worker, :startedAt, :finishedAt, :outcome, :errorClass, :errorMessage, :errorStack)
			ON DUPLICATE KEY UPDATE worker = VALUES(worker), started_at = VALUES(started_at),
			    finished_at = VALUES(finished_at), outcome = VALUES(outcome), error_class = VALUES(error_class),
			    error_message = VALUES(error_message), error_stack = VALUES(error_stack)
			""";

	private static final String RELEASE = """
			UPDATE jobs SET status = 'QUEUED', attempts = attempts - 1, lease_owner = NULL, lease_until = NULL
			WHERE id = :id AND attempts = :attempt AND lease_owner = :owner AND status = 'RUNNING'
			""";

	private static final String CANCEL_RELEASED = """
			UPDATE jobs SET status = 'CANCELLED', finished_at = :now, last_error = :reason
			WHERE id = :id AND status = 'QUEUED' AND lease_owner IS NULL
			""";

	private static final String EXTEND = """
			UPDATE jobs SET lease_until = :leaseUntil
			WHERE id = :id AND attempts = :attempt AND lease_owner = :owner AND status = 'RUNNING'
			""";

	private final NamedParameterJdbcTemplate jdbc;

	private static final Logger log = LoggerFactory.getLogger(JobClaims.class);

	private static final int DEADLOCK_RETRIES = 3;

	private final TransactionTemplate transaction;

	private final String workerId;

	private final AtomicLong claimSequence = new AtomicLong();

	public JobClaims(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions,
			io.jobsuite.worker.WorkerProperties properties) {
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactions);
		this.workerId = properties.id();
	}

	/**
	 * Runs a claim or a completion again when InnoDB picked it as a deadlock victim,
	 * instead of failing the batch and leaving its messages hidden for a whole lease.
	 * Both are safe to repeat: the claim keeps its owner token, so rows it already won
	 * are found again, and a rolled-back completion wrote nothing.
	 */
	private static <T> T retryingDeadlocks(Supplier<T> work) {
		for (int attempt = 1;; attempt++) {
			try {
				return work.get();
			}
			catch (PessimisticLockingFailureException ex) {
				if (attempt == DEADLOCK_RETRIES) {
					throw ex;
				}
				log.info("Deadlock victim, trying again ({} of {}): {}", attempt, DEADLOCK_RETRIES, ex.getMessage());
			}
		}
	}

	/** Claims as many of these jobs as can be claimed, in one UPDATE and one SELECT. */
	public Map<UUID, ClaimResult> claim(Collection<UUID> ids, Instant now, Duration lease) {
		String owner = workerId + "#" + claimSequence.incrementAndGet();
		return retryingDeadlocks(() -> claimAs(owner, ids, now, lease));
	}

	private Map<UUID, ClaimResult> claimAs(String owner, Collection<UUID> ids, Instant now, Duration lease) {
		List<String> keys = ids.stream().map(UUID::toString).toList();
		jdbc.update(RECORD_ABANDONED, new MapSqlParameterSource("ids", keys).addValue("now", Utc.column(now)));
		jdbc.update(CLAIM,
				new MapSqlParameterSource("ids", keys).addValue("owner", owner)
					.addValue("now", Utc.column(now))
					.addValue("leaseUntil", Utc.column(now.plus(lease))));
		Map<UUID, ClaimResult> results = new HashMap<>();
		jdbc.query(READ, Map.of("ids", keys), rs -> {
			UUID id = UUID.fromString(rs.getString("id"));
			JobStatus status = JobStatus.valueOf(rs.getString("status"));
			if (status == JobStatus.RUNNING && owner.equals(rs.getString("lease_owner"))) {
				long clientId = rs.getLong("client_id");
				results.put(id,
						new ClaimResult.Won(new ClaimedJob(id, rs.getString("type"), rs.getString("payload"),
								rs.getInt("attempts"), rs.getInt("max_attempts"), owner, now,
								Utc.instant(rs, "created_at"), rs.wasNull() ? null : clientId,
								rs.getString("message_group"), rs.getString("overlap_key"), rs.getString("trace_id"))));
			}
			else if (status.isTerminal()) {
				results.put(id, new ClaimResult.Finished());
			}
			else {
				Instant leaseUntil = Utc.instant(rs, "lease_until");
				Instant notBefore = Utc.instant(rs, "not_before");
				Instant retryAt = status == JobStatus.RUNNING && leaseUntil != null ? leaseUntil : notBefore;
				results.put(id, new ClaimResult.Busy(retryAt.isAfter(now) ? retryAt : now));
			}
		});
		ids.forEach(id -> results.putIfAbsent(id, new ClaimResult.Missing()));
		return results;
	}

	/**
	 * Writes the ends of these attempts and their attempt records in one transaction;
	 * answers, per job, whether this worker still held it (false: its lease was lost and
	 * a newer attempt owns the job).
	 */
	public Map<UUID, Boolean> complete(List<Completion> completions) {
		// In id order, as the claim's UPDATE locks them, so that concurrent batches do
		// not lock in opposite orders.
		List<Completion> ordered = completions.stream()
			.sorted(Comparator.comparing(c -> c.job().id().toString()))
			.toList();
		return retryingDeadlocks(() -> transaction.execute(status -> completeInOneTransaction(ordered)));
	}

	private Map<UUID, Boolean> completeInOneTransaction(List<Completion> completions) {
		SqlParameterSource[] updates = completions.stream()
			.map(c -> new MapSqlParameterSource("id", c.job().id().toString()).addValue("status", c.status().name())
				.addValue("retryAt", Utc.column(c.retryAt()))
				.addValue("finishedAt", c.status().isTerminal() ? Utc.column(c.finishedAt()) : null)
				.addValue("result", c.result())
				.addValue("lastError", c.error() == null ? null : c.error().summary() + "\n" + c.error().stack())
				.addValue("attempt", c.job().attempt())
				.addValue("owner", c.job().owner()))
			.toArray(SqlParameterSource[]::new);
		int[] counts = jdbc.batchUpdate(COMPLETE, updates);
		Map<UUID, Boolean> held = new HashMap<>();
		for (int i = 0; i < completions.size(); i++) {
			// A rewritten batch may report SUCCESS_NO_INFO (-2): the statement ran and
			// matched.
			held.put(completions.get(i).job().id(), counts[i] != 0);
		}
		SqlParameterSource[] attempts = completions.stream()
			.filter(c -> held.get(c.job().id()))
			.map(c -> new MapSqlParameterSource("id", c.job().id().toString()).addValue("attempt", c.job().attempt())
				.addValue("worker", workerId)
				.addValue("startedAt", Utc.column(c.job().startedAt()))
				.addValue("finishedAt", Utc.column(c.finishedAt()))
				.addValue("outcome", c.status().name())
				.addValue("errorClass", c.error() == null ? null : c.error().type())
				.addValue("errorMessage", c.error() == null ? null : c.error().message())
				.addValue("errorStack", c.error() == null ? null : c.error().stack()))
			.toArray(SqlParameterSource[]::new);
		if (attempts.length > 0) {
			jdbc.batchUpdate(RECORD_ATTEMPT, attempts);
		}
		return held;
	}

	/**
	 * Gives a claimed job back without counting the attempt (shutdown, lock held
	 * elsewhere), so that another worker can take it at once.
	 */
	public boolean release(ClaimedJob job) {
		JobStatus.RUNNING.requireMoveTo(JobStatus.QUEUED);
		return jdbc.update(RELEASE, fenced(job)) == 1;
	}

	/**
	 * Gives a claim back without counting the attempt and cancels the job with
	 * {@code reason}: a job that is dropped rather than run late (its overlap lock was
	 * held and its type asks for that).
	 */
	@Transactional
	public boolean releaseAndCancel(ClaimedJob job, Instant now, String reason) {
		JobStatus.QUEUED.requireMoveTo(JobStatus.CANCELLED);
		return release(job) && jdbc.update(CANCEL_RELEASED,
				Map.of("id", job.id().toString(), "now", Utc.column(now), "reason", reason)) == 1;
	}

	/**
	 * Moves the leases of jobs this worker still holds to {@code until}; answers the ones
	 * it no longer holds.
	 */
	public List<ClaimedJob> extend(List<ClaimedJob> jobs, Instant until) {
		SqlParameterSource[] updates = jobs.stream()
			.map(job -> new MapSqlParameterSource(fenced(job)).addValue("leaseUntil", Utc.column(until)))
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

	private static Map<String, Object> fenced(ClaimedJob job) {
		return Map.of("id", job.id().toString(), "attempt", job.attempt(), "owner", job.owner());
	}

}
