package io.jobsuite.model.retention;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.jobsuite.model.JobStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes finished jobs, with their attempts, once they are older than the retention (on
 * the database's clock). Not a status change: it never touches an active job, and the
 * statements say so themselves ({@code status = :status}, a final status).
 * <p>
 * Safe with any number of purgers and beside the hot path. Each batch is one short READ
 * COMMITTED transaction: it locks up to {@code batchSize} due jobs with
 * {@code FOR UPDATE SKIP LOCKED} (a batch another purger holds is skipped, never waited
 * for, so concurrent purgers take disjoint batches and each row is deleted once), then
 * deletes their attempts and the jobs one by one by key, in id order. The rows are
 * finished and old: a claim or completion never holds them, and the only statements that
 * may read one (a duplicate delivery's claim, an ops retry) hold no lock a purger waits
 * for, so no lock cycle can form. READ COMMITTED takes no gap locks that the hot path's
 * inserts would queue behind.
 * <p>
 * Batches walk {@code ix_jobs_status_created} oldest first: each reads about as many
 * index entries as it deletes, whatever the table's size. Jobs created before the cut-off
 * that finished after it (long retries) are read again each batch until they are due;
 * they are few.
 */
public class Retention {

	private static final Logger log = LoggerFactory.getLogger(Retention.class);

	/* Tries of one batch that InnoDB picked as a deadlock victim, should one occur. */
	private static final int TRIES = 3;

	static final String LOCK_DUE = """
			SELECT id FROM jobs
			WHERE status = :status AND created_at < DATE_SUB(UTC_TIMESTAMP(3), INTERVAL :ageMicros MICROSECOND)
			  AND finished_at < DATE_SUB(UTC_TIMESTAMP(3), INTERVAL :ageMicros MICROSECOND)
			ORDER BY created_at LIMIT :limit FOR UPDATE SKIP LOCKED
			""";

	/*
	 * One statement per job (sent as one batch): a point look-up locks exactly its rows
	 * whatever the optimizer thinks of the table. An IN list of a hundred ids, on a table
	 * whose statistics still said it was small, was run as a scan that waited for the
	 * rows of another purger (a deadlock between purgers).
	 */
	static final String DELETE_ATTEMPTS = "DELETE FROM job_attempts WHERE job_id = :id";

	static final String DELETE_JOB = "DELETE FROM jobs WHERE id = :id AND status = :status";

	private final NamedParameterJdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final RetentionProperties properties;

	private final Counter deletedJobs;

	private final Counter deletedAttempts;

	private final Counter deadlocks;

	private final BatchRetention batches;

	public Retention(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions,
			RetentionProperties properties, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactions);
		this.transaction.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
		this.properties = properties;
		this.batches = new BatchRetention(jdbc, transaction);
		this.deletedJobs = Counter.builder("jobs.retention.deleted")
			.description("Rows deleted by retention")
			.tag("table", "jobs")
			.register(meters);
		this.deletedAttempts = Counter.builder("jobs.retention.deleted")
			.description("Rows deleted by retention")
			.tag("table", "job_attempts")
			.register(meters);
		this.deadlocks = Counter.builder("jobs.retention.deadlocks")
			.description("Retention batches rolled back as deadlock victims (and tried again)")
			.register(meters);
	}

	/** The final statuses and how long after finishing each is kept. */
	public Map<JobStatus, Duration> ages() {
		return Map.of(JobStatus.SUCCEEDED, properties.finishedAge(), JobStatus.CANCELLED, properties.finishedAge(),
				JobStatus.FAILED, properties.failedAge());
	}

	/**
	 * Purges batch after batch until nothing is due, no faster than the configured rate;
	 * answers what it deleted. An interrupt ends the round after the batch in hand.
	 */
	public Purged purgeDue() {
		Purged total = Purged.NONE;
		for (JobStatus status : List.of(JobStatus.SUCCEEDED, JobStatus.CANCELLED, JobStatus.FAILED)) {
			Duration age = ages().get(status);
			while (true) {
				long started = System.nanoTime();
				Purged batch = purgeBatch(status, age);
				total = total.plus(batch);
				if (batch.locked() < properties.batchSize()) {
					break;
				}
				if (!pause(properties.pauseAfter(batch.locked(), Duration.ofNanos(System.nanoTime() - started)))) {
					return total;
				}
			}
		}
		// A batch outlives its jobs: it goes once the longest-kept of them could have.
		batches.purge(properties.finishedAge().compareTo(properties.failedAge()) > 0 ? properties.finishedAge()
				: properties.failedAge(), properties.batchSize());
		return total;
	}

	private static boolean pause(Duration pause) {
		try {
			TimeUnit.NANOSECONDS.sleep(pause.toNanos());
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * One batch of jobs in {@code status} that finished more than {@code age} ago:
	 * locked, deleted with their attempts, committed.
	 */
	public Purged purgeBatch(JobStatus status, Duration age) {
		if (!status.isTerminal()) {
			throw new IllegalArgumentException("Retention deletes finished jobs only, not " + status);
		}
		for (int attempt = 1;; attempt++) {
			try {
				Purged purged = transaction.execute(tx -> deleteDue(status, age));
				deletedJobs.increment(purged.jobs());
				deletedAttempts.increment(purged.attempts());
				return purged;
			}
			catch (PessimisticLockingFailureException ex) {
				deadlocks.increment();
				if (attempt == TRIES) {
					throw ex;
				}
				log.info("Retention batch was a deadlock victim, trying again ({} of {}): {}", attempt, TRIES,
						ex.getMessage());
			}
		}
	}

	private Purged deleteDue(JobStatus status, Duration age) {
		MapSqlParameterSource params = new MapSqlParameterSource("status", status.name())
			.addValue("ageMicros", Math.max(0, age.toNanos() / 1_000))
			.addValue("limit", properties.batchSize());
		List<String> ids = jdbc.queryForList(LOCK_DUE, params, String.class).stream().sorted().toList();
		if (ids.isEmpty()) {
			return Purged.NONE;
		}
		SqlParameterSource[] each = ids.stream()
			.map(id -> new MapSqlParameterSource("id", id).addValue("status", status.name()))
			.toArray(SqlParameterSource[]::new);
		long attempts = sum(jdbc.batchUpdate(DELETE_ATTEMPTS, each));
		long jobs = sum(jdbc.batchUpdate(DELETE_JOB, each));
		return new Purged(ids.size(), jobs, attempts);
	}

	private static long sum(int[] counts) {
		long sum = 0;
		for (int count : counts) {
			if (count < 0) {
				throw new IllegalStateException("The driver did not count a batched delete (" + count + ")");
			}
			sum += count;
		}
		return sum;
	}

	/**
	 * What a purge deleted.
	 *
	 * @param locked due jobs it found and locked
	 * @param jobs jobs deleted
	 * @param attempts attempt records deleted with them
	 */
	public record Purged(int locked, long jobs, long attempts) {

		static final Purged NONE = new Purged(0, 0, 0);

		Purged plus(Purged other) {
			return new Purged(locked + other.locked, jobs + other.jobs, attempts + other.attempts);
		}

	}

}
