package io.jobsuite.model.store;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static io.jobsuite.model.JobStatus.CANCELLED;
import static io.jobsuite.model.JobStatus.FAILED;
import static io.jobsuite.model.JobStatus.QUEUED;
import static io.jobsuite.model.JobStatus.RETRYING;
import static io.jobsuite.model.JobStatus.RUNNING;
import static io.jobsuite.model.JobStatus.SUCCEEDED;

/**
 * Every statement that changes a job's status, one per move of the lifecycle, each a
 * conditional UPDATE that only the expected row state matches. Times come from the
 * database ({@code UTC_TIMESTAMP(3)}), never from a JVM, because other hosts compare
 * them: callers pass durations. Writes after a claim are fenced by the claim's attempt
 * and owner. Each sets {@code recheck_at}, when the reconciler looks again if nothing
 * moved the job (final states clear it).
 */
public class JobTransitions {

	private static final Logger log = LoggerFactory.getLogger(JobTransitions.class);

	/** Completions per statement batch; see {@link #inParsedChunks}. */
	private static final int PARSED_CHUNK = 20;

	private final NamedParameterJdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final AttemptRecords attempts;

	private final BatchTransitions batches;

	public JobTransitions(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactions);
		this.attempts = new AttemptRecords(jdbc);
		this.batches = new BatchTransitions(jdbc);
	}

	/** A RUNNING job whose lease expired on its last attempt is failed, not run again. */
	public static final Transition FAIL_EXPIRED = Transition.of("fail an expired last attempt", Set.of(RUNNING),
			Set.of(FAILED), """
					UPDATE jobs SET status = 'FAILED', finished_at = UTC_TIMESTAMP(3), lease_owner = :owner,
					    lease_until = NULL, recheck_at = NULL,
					    last_error = 'The lease of its last attempt expired: its worker died or stalled'
					WHERE id IN (:ids) AND status = 'RUNNING' AND lease_until < UTC_TIMESTAMP(3)
					  AND attempts >= max_attempts
					""");

	/**
	 * Claims: a queued or retrying job that is due, or a running one whose lease expired
	 * (taken over). The reconciler looks one lease after the lease ends. A new attempt
	 * starts without the last one's progress.
	 */
	public static final Transition CLAIM = Transition.of("claim", Set.of(QUEUED, RETRYING, RUNNING), Set.of(RUNNING),
			"""
					UPDATE jobs
					SET status = 'RUNNING', attempts = attempts + 1, lease_owner = :owner,
					    lease_until = DATE_ADD(UTC_TIMESTAMP(3), INTERVAL :leaseMicros MICROSECOND),
					    recheck_at = DATE_ADD(UTC_TIMESTAMP(3), INTERVAL 2 * :leaseMicros MICROSECOND),
					    started_at = COALESCE(started_at, UTC_TIMESTAMP(3)), attempt_started_at = UTC_TIMESTAMP(3),
					    sent_at = COALESCE(sent_at, UTC_TIMESTAMP(3)),
					    progress = NULL, progress_message = NULL, progress_at = NULL
					WHERE id IN (:ids) AND not_before <= UTC_TIMESTAMP(3) AND attempts < max_attempts
					  AND (status IN ('QUEUED', 'RETRYING') OR (status = 'RUNNING' AND lease_until < UTC_TIMESTAMP(3)))
					""");

	/**
	 * The end of an attempt that succeeded: the hot path's statement, with as few binds
	 * as it can have, because each bind costs Connector/J a copy per batched row (the
	 * worker's top cost in the benchmark).
	 */
	public static final Transition SUCCEED = Transition.of("succeed", Set.of(RUNNING), Set.of(SUCCEEDED), """
			UPDATE jobs
			SET status = 'SUCCEEDED', result = :result, last_error = NULL, lease_owner = NULL, lease_until = NULL,
			    finished_at = UTC_TIMESTAMP(3), recheck_at = NULL
			WHERE id = :id AND attempts = :attempt AND lease_owner = :owner AND status = 'RUNNING'
			""");

	/**
	 * The end of an attempt that failed. A retry either waits for a delayed message
	 * ({@code park} false: the reconciler looks once that message is overdue) or is
	 * parked unsent until it is due (the reconciler sends it then). The assignments after
	 * the first read the new {@code status} and {@code not_before}: MySQL and MariaDB
	 * assign a single-table UPDATE's columns left to right, so each value is bound once.
	 */
	public static final Transition FAIL_ATTEMPT = Transition.of("end a failed attempt", Set.of(RUNNING),
			Set.of(RETRYING, FAILED), """
					UPDATE jobs
					SET status = :status, last_error = :lastError, lease_owner = NULL, lease_until = NULL,
					    finished_at = IF(status = 'RETRYING', NULL, UTC_TIMESTAMP(3)),
					    not_before = IF(status = 'RETRYING',
					        DATE_ADD(UTC_TIMESTAMP(3), INTERVAL :retryMicros MICROSECOND), not_before),
					    sent_at = IF(status = 'RETRYING' AND :park, NULL, sent_at),
					    recheck_at = IF(status = 'RETRYING', DATE_ADD(not_before, INTERVAL :recheckMicros MICROSECOND),
					        NULL)
					WHERE id = :id AND attempts = :attempt AND lease_owner = :owner AND status = 'RUNNING'
					""");

	/**
	 * Gives a claim back without counting its attempt: shutdown, or an overlap lock held
	 * elsewhere. Parked, it stays unsent until {@code waitMicros} passed.
	 */
	public static final Transition RELEASE = Transition.of("release a claim", Set.of(RUNNING), Set.of(QUEUED), """
			UPDATE jobs
			SET status = 'QUEUED', attempts = attempts - 1, lease_owner = NULL, lease_until = NULL,
			    not_before = IF(:park, DATE_ADD(UTC_TIMESTAMP(3), INTERVAL :waitMicros MICROSECOND), not_before),
			    sent_at = IF(:park, NULL, sent_at),
			    recheck_at = DATE_ADD(UTC_TIMESTAMP(3), INTERVAL :recheckMicros MICROSECOND)
			WHERE id = :id AND attempts = :attempt AND lease_owner = :owner AND status = 'RUNNING'
			""");

	/**
	 * A waiting FIFO job gives up its message: its row waits unsent, and the reconciler
	 * sends it in its group's order.
	 */
	public static final Transition PARK = Transition.of("park a waiting job", Set.of(QUEUED, RETRYING), Set.of(), """
			UPDATE jobs
			SET recheck_at = IF(sent_at IS NULL,
			        LEAST(COALESCE(recheck_at, UTC_TIMESTAMP(3)),
			            DATE_ADD(UTC_TIMESTAMP(3), INTERVAL :recheckMicros MICROSECOND)),
			        DATE_ADD(UTC_TIMESTAMP(3), INTERVAL :recheckMicros MICROSECOND)),
			    sent_at = NULL
			WHERE id IN (:ids) AND status IN ('QUEUED', 'RETRYING')
			""");

	/** Cancels a job that is waiting (not running). */
	public static final Transition CANCEL = Transition.of("cancel", Set.of(QUEUED, RETRYING), Set.of(CANCELLED), """
			UPDATE jobs SET status = 'CANCELLED', finished_at = UTC_TIMESTAMP(3), last_error = :reason,
			    recheck_at = NULL
			WHERE id = :id AND status IN ('QUEUED', 'RETRYING') AND lease_owner IS NULL
			""");

	/**
	 * An ops retry: the attempt count stays (it fences writes and numbers attempt
	 * records); the job gets {@code grant} attempts on top, and the reconciler sends it
	 * if the caller's send does not. Moved back to scheduled, it is due after
	 * {@code delayMicros}, and the relay sends it then.
	 */
	public static final Transition RETRY_FAILED = Transition.of("retry a failed job", Set.of(FAILED), Set.of(QUEUED),
			"""
					UPDATE jobs
					SET status = 'QUEUED', max_attempts = attempts + :grant, sent_at = NULL,
					    not_before = DATE_ADD(UTC_TIMESTAMP(3), INTERVAL :delayMicros MICROSECOND), finished_at = NULL,
					    lease_owner = NULL,
					    recheck_at = DATE_ADD(UTC_TIMESTAMP(3), INTERVAL :recheckMicros MICROSECOND)
					WHERE id = :id AND status = 'FAILED'
					""");

	/** Every status-changing statement. */
	public static final List<Transition> ALL = Stream
		.concat(Stream.of(FAIL_EXPIRED, CLAIM, SUCCEED, FAIL_ATTEMPT, RELEASE, PARK, CANCEL, RETRY_FAILED),
				BatchTransitions.ALL.stream())
		.toList();

	/** A duration as the microseconds the statements add to the database's clock. */
	public static long micros(Duration duration) {
		return Math.max(0, duration.toNanos() / 1_000);
	}

	/**
	 * Writes the ends of these attempts (with their attempt records, in one transaction,
	 * rows locked in id order like the claim's) and answers, per job, whether its claim
	 * still held it; a FIFO job that ended lets the waiting jobs of its group be sent.
	 * @param park whether retries wait unsent (FIFO) rather than for a delayed message
	 * @param recheckAfter how long after a retry is due the reconciler looks at it
	 */
	public Map<UUID, Boolean> complete(List<Completion> completions, boolean park, Duration recheckAfter,
			String worker) {
		List<Completion> ordered = completions.stream()
			.sorted(Comparator.comparing(c -> c.job().id().toString()))
			.toList();
		Map<UUID, Boolean> written = Deadlocks.retried(() -> transaction.execute(status -> {
			Map<UUID, Boolean> held = new HashMap<>();
			// Successes, then failures, each in id order: only this worker's claims
			// lock these rows, and a claim at READ COMMITTED passes over a locked row
			// whose committed lease is live, so the two passes cannot deadlock with it.
			Map<Boolean, List<Completion>> bySuccess = ordered.stream()
				.collect(Collectors.partitioningBy(Completion::succeeded));
			write(SUCCEED, bySuccess.get(true),
					c -> new MapSqlParameterSource(fenced(c.job())).addValue("result", c.result()), held);
			write(FAIL_ATTEMPT, bySuccess.get(false),
					c -> new MapSqlParameterSource(fenced(c.job())).addValue("status", c.status().name())
						.addValue("lastError", c.error().summary() + "\n" + c.error().stack())
						.addValue("retryMicros", c.retryIn() == null ? 0 : micros(c.retryIn()))
						.addValue("park", park)
						.addValue("recheckMicros", park ? 0 : micros(recheckAfter)),
					held);
			attempts.recordEnds(ordered.stream().filter(c -> held.get(c.job().id())).toList(), worker);
			// Jobs outside batches add nothing here: no statement.
			batches.ended(ordered.stream()
				.filter(c -> c.job().batchId() != null && c.status().isTerminal() && held.get(c.job().id()))
				.map(c -> new BatchTransitions.Ended(c.job().id(), c.job().batchId(), c.succeeded()))
				.toList());
			return held;
		}));
		wakeGroupsOf(ordered.stream().filter(c -> written.get(c.job().id())).toList());
		return written;
	}

	/**
	 * Writes each completion with {@code transition} and notes whether its claim still
	 * held the job. Connector/J sends a batch of UPDATEs as one string of N statements
	 * and parses it unless its parse cache holds it (prepStmtCacheSqlLimit, 16 KB): a
	 * receive of ten bundles ends up to 100 jobs, and re-parsing that string every time
	 * was the top of the worker's profile in the benchmark. Chunks of 20 stay under the
	 * limit, in the same transaction.
	 */
	private void write(Transition transition, List<Completion> completions,
			Function<Completion, SqlParameterSource> row, Map<UUID, Boolean> held) {
		for (int from = 0; from < completions.size(); from += PARSED_CHUNK) {
			List<Completion> chunk = completions.subList(from, Math.min(from + PARSED_CHUNK, completions.size()));
			int[] counts = jdbc.batchUpdate(transition.sql(),
					chunk.stream().map(row).toArray(SqlParameterSource[]::new));
			for (int i = 0; i < chunk.size(); i++) {
				// A rewritten batch may report SUCCESS_NO_INFO (-2): the statement ran
				// and
				// matched.
				held.put(chunk.get(i).job().id(), counts[i] != 0);
			}
		}
	}

	/*
	 * After the commit, not in it: the wake walks the group's rows, and a deadlock there
	 * (with the relay or a parking worker) must not roll back results already won. A job
	 * parking meanwhile sees the end committed and wakes its group's head itself (park).
	 */
	private void wakeGroupsOf(List<Completion> ended) {
		List<String> groups = ended.stream()
			.filter(c -> c.job().fifo() && c.status().isTerminal())
			.map(c -> c.job().messageGroup())
			.distinct()
			.toList();
		try {
			Deadlocks.retried(() -> {
				wake(groups);
				return null;
			});
		}
		catch (RuntimeException ex) {
			log.warn("Could not wake FIFO groups {}; their waiting jobs are sent at their recheck time: {}", groups,
					ex.toString());
		}
	}

	/**
	 * A FIFO job of these groups ended: their parked jobs are sent now (the relay sends
	 * them in order, and not past an older job that is still active).
	 */
	public void wake(Collection<String> groups) {
		if (!groups.isEmpty()) {
			jdbc.update("""
					UPDATE jobs SET recheck_at = UTC_TIMESTAMP(3)
					WHERE active_group IN (:groups) AND sent_at IS NULL AND recheck_at > UTC_TIMESTAMP(3)
					""", Map.of("groups", groups));
		}
	}

	/**
	 * Gives a claim back without counting its attempt; {@code park} keeps it unsent until
	 * {@code wait} passed (FIFO), else its delayed message brings it back after
	 * {@code wait}. False when the claim no longer held it.
	 */
	public boolean release(ClaimedJob job, Duration wait, boolean park, Duration recheckAfter) {
		RUNNING.requireMoveTo(QUEUED);
		return jdbc.update(RELEASE.sql(),
				new MapSqlParameterSource(fenced(job)).addValue("park", park)
					.addValue("waitMicros", micros(wait))
					.addValue("recheckMicros", micros(park ? wait : wait.plus(recheckAfter)))) == 1;
	}

	/** Gives a claim back and cancels the job with {@code reason}, in one transaction. */
	public boolean releaseAndCancel(ClaimedJob job, String reason) {
		return Boolean.TRUE.equals(transaction
			.execute(status -> release(job, Duration.ZERO, false, Duration.ZERO) && cancel(job.id(), reason)));
	}

	/**
	 * Waiting FIFO jobs of one group give up their messages; the reconciler sends them in
	 * order. If the older job they waited for ended meanwhile (its wake found nothing to
	 * wake), the group's head is due at once.
	 */
	public void park(String group, Collection<UUID> ids, Duration recheckAfter) {
		if (!ids.isEmpty()) {
			jdbc.update(PARK.sql(), Map.of("ids", ids.stream().map(UUID::toString).sorted().toList(), "recheckMicros",
					micros(recheckAfter)));
			// MIN() makes the derived table a materialised one, which MySQL lets an
			// UPDATE
			// of the same table join.
			jdbc.update(
					"""
							UPDATE jobs j JOIN (SELECT MIN(id) AS id FROM jobs WHERE active_group = :group) head ON j.id = head.id
							SET j.recheck_at = UTC_TIMESTAMP(3)
							WHERE j.sent_at IS NULL
							""",
					Map.of("group", group));
		}
	}

	/**
	 * Cancels a job that is waiting, not running; false when it is neither. The rest of
	 * its FIFO group goes on.
	 */
	public boolean cancel(UUID id, String reason) {
		QUEUED.requireMoveTo(CANCELLED);
		boolean cancelled = Boolean.TRUE.equals(transaction.execute(status -> {
			boolean done = jdbc.update(CANCEL.sql(), Map.of("id", id.toString(), "reason", reason)) == 1;
			if (done) {
				batches.ended(inBatch(id).stream().map(batch -> new BatchTransitions.Ended(id, batch, false)).toList());
			}
			return done;
		}));
		if (cancelled) {
			wake(jdbc.queryForList("SELECT message_group FROM jobs WHERE id = :id AND message_group IS NOT NULL",
					Map.of("id", id.toString()), String.class));
		}
		return cancelled;
	}

	/**
	 * Moves a FAILED job back to scheduled: QUEUED with {@code grant} more attempts, due
	 * after {@code delay}; the relay sends it then. False when it is not FAILED. A job of
	 * a batch reopens it, and the jobs its failure cancelled wait again.
	 */
	public boolean retryFailed(UUID id, int grant, Duration delay, Duration recheckAfter) {
		FAILED.requireMoveTo(QUEUED);
		return Boolean.TRUE.equals(Deadlocks.retried(() -> transaction.execute(status -> {
			boolean done = jdbc.update(RETRY_FAILED.sql(), Map.of("id", id.toString(), "grant", grant, "delayMicros",
					micros(delay), "recheckMicros", micros(recheckAfter))) == 1;
			if (done) {
				inBatch(id).forEach(batch -> batches.reopened(id, batch));
			}
			return done;
		})));
	}

	/**
	 * Fails jobs whose last attempt's lease expired ({@link #FAIL_EXPIRED}) and, in the
	 * same transaction, runs {@code read} and moves on the batches of the jobs it answers
	 * as failed.
	 */
	void failExpired(MapSqlParameterSource params, Supplier<Map<UUID, UUID>> read) {
		transaction.executeWithoutResult(status -> {
			if (jdbc.update(FAIL_EXPIRED.sql(), params) > 0) {
				batches.ended(read.get()
					.entrySet()
					.stream()
					.map(failed -> new BatchTransitions.Ended(failed.getKey(), failed.getValue(), false))
					.toList());
			}
		});
	}

	private List<UUID> inBatch(UUID id) {
		return jdbc
			.queryForList("SELECT batch_id FROM jobs WHERE id = :id AND batch_id IS NOT NULL",
					Map.of("id", id.toString()), String.class)
			.stream()
			.map(UUID::fromString)
			.toList();
	}

	/**
	 * The fence of a claim, as a WHERE condition on its job row: this claim's attempt,
	 * its owner, still RUNNING, the lease not yet over on the database's clock. Bound by
	 * {@link #fenced(ClaimedJob)}.
	 */
	static final String LEASE_HELD = "id = :id AND attempts = :attempt AND lease_owner = :owner"
			+ " AND status = 'RUNNING' AND lease_until > UTC_TIMESTAMP(3)";

	static Map<String, Object> fenced(ClaimedJob job) {
		return Map.of("id", job.id().toString(), "attempt", job.attempt(), "owner", job.owner());
	}

}
