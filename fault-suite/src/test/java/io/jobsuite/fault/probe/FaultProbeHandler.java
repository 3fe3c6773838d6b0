package io.jobsuite.fault.probe;

import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.jobsuite.model.JobType;
import io.jobsuite.worker.handler.JobContext;
import io.jobsuite.worker.handler.JobHandler;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/**
 * The fault suite's job: writes a row when it starts and completes it when it ends (or is
 * interrupted), so that double, overlapping and out-of-order runs are read from the table
 * rather than assumed. Times are the database's: the start is {@code UTC_TIMESTAMP(6)}
 * when the row is inserted and the end is the start plus the run's monotonic duration, so
 * that a worker's skewed clock does not move its runs. An end that cannot be written (the
 * database is down) is written by a background thread once it can; a run that never ends
 * (its worker was killed) keeps an empty end.
 */
class FaultProbeHandler implements JobHandler<FaultProbePayload, Map<String, Object>> {

	private final JdbcTemplate jdbc;

	private final String workerId;

	private final BlockingQueue<Object[]> unwrittenEnds = new LinkedBlockingQueue<>();

	FaultProbeHandler(JdbcTemplate jdbc, String workerId) {
		this.jdbc = jdbc;
		this.workerId = workerId;
		Thread writer = new Thread(this::writeEndsLater, "fault-probe-ends");
		writer.setDaemon(true);
		writer.start();
	}

	@Override
	public JobType type() {
		return FaultProbeJobs.FAULT_PROBE;
	}

	@Override
	public Class<FaultProbePayload> payloadType() {
		return FaultProbePayload.class;
	}

	@Override
	public Map<String, Object> handle(FaultProbePayload probe, JobContext context) throws InterruptedException {
		long runId = start(probe, context);
		long startNanos = System.nanoTime();
		String outcome = "INTERRUPTED";
		try {
			if (context.attempt() <= probe.dbErrorAttempts()) {
				outcome = "DB_ERROR";
				jdbc.queryForObject("SELECT missing FROM fault_probe_no_such_table", Integer.class);
			}
			work(probe);
			boolean fails = context.attempt() <= probe.failAttempts()
					|| ThreadLocalRandom.current().nextInt(100) < probe.failPercent();
			outcome = fails ? "FAILED" : "SUCCEEDED";
		}
		finally {
			long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - startNanos);
			writeEnd(new Object[] { micros, outcome, runId });
		}
		if ("FAILED".equals(outcome)) {
			throw new IllegalStateException("fault probe failed on purpose");
		}
		return Map.of("worker", workerId);
	}

	/** Inserts the run with the database's time as its start; answers its id. */
	private long start(FaultProbePayload probe, JobContext context) {
		KeyHolder key = new GeneratedKeyHolder();
		jdbc.update(connection -> {
			PreparedStatement insert = connection.prepareStatement("""
					INSERT INTO fault_probe_runs (job_id, attempt, worker, probe_key, sequence, started_at)
					VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP(6))
					""", Statement.RETURN_GENERATED_KEYS);
			insert.setString(1, context.jobId().toString());
			insert.setInt(2, context.attempt());
			insert.setString(3, workerId);
			insert.setString(4, probe.key());
			insert.setInt(5, probe.sequence());
			return insert;
		}, key);
		return key.getKey().longValue();
	}

	private static void work(FaultProbePayload probe) throws InterruptedException {
		if (!probe.ignoreInterrupts()) {
			Thread.sleep(probe.workMillis());
			return;
		}
		long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(probe.workMillis());
		boolean interrupted = false;
		for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
			try {
				TimeUnit.NANOSECONDS.sleep(left);
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	private void writeEnd(Object[] end) {
		try {
			update(end);
		}
		catch (DataAccessException ex) {
			unwrittenEnds.add(end);
		}
	}

	private int update(Object[] end) {
		return jdbc.update("""
				UPDATE fault_probe_runs SET finished_at = DATE_ADD(started_at, INTERVAL ? MICROSECOND), outcome = ?
				WHERE run_id = ?
				""", end);
	}

	private void writeEndsLater() {
		while (true) {
			try {
				Object[] end = unwrittenEnds.take();
				while (!tryUpdate(end)) {
					Thread.sleep(Duration.ofSeconds(1).toMillis());
				}
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	private boolean tryUpdate(Object[] end) {
		try {
			update(end);
			return true;
		}
		catch (DataAccessException ex) {
			return false;
		}
	}

}
