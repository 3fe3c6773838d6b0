package io.jobsuite.fault.probe;

import java.time.Duration;
import java.time.LocalDateTime;
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

/**
 * The fault suite's job: writes a row when it starts and completes it when it ends (or is
 * interrupted), so that double, overlapping and out-of-order runs are read from the table
 * rather than assumed. Times are the database's: the start is read from
 * {@code UTC_TIMESTAMP(6)} and the end is the start plus the run's monotonic duration, so
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
		LocalDateTime started = jdbc.queryForObject("SELECT UTC_TIMESTAMP(6)", LocalDateTime.class);
		long startNanos = System.nanoTime();
		jdbc.update("""
				INSERT INTO fault_probe_runs (job_id, attempt, worker, probe_key, sequence, started_at)
				VALUES (?, ?, ?, ?, ?, ?)
				""", context.jobId().toString(), context.attempt(), workerId, probe.key(), probe.sequence(), started);
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
			LocalDateTime finished = started.plusNanos(System.nanoTime() - startNanos);
			writeEnd(new Object[] { finished, outcome, context.jobId().toString(), context.attempt(), workerId,
					started });
		}
		if ("FAILED".equals(outcome)) {
			throw new IllegalStateException("fault probe failed on purpose");
		}
		return Map.of("worker", workerId);
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
				UPDATE fault_probe_runs SET finished_at = ?, outcome = ?
				WHERE job_id = ? AND attempt = ? AND worker = ? AND started_at = ?
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
