package io.jobsuite.worker.probe;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.jobsuite.model.JobType;
import io.jobsuite.model.Utc;
import io.jobsuite.worker.WorkerProperties;
import io.jobsuite.worker.handler.JobContext;
import io.jobsuite.worker.handler.JobHandler;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The worker tests' job: writes a row when it starts and completes it when it ends (or is
 * interrupted), so that double, overlapping and out-of-order runs are read from the table
 * rather than assumed. A run that never ends (its worker was killed) keeps an empty end.
 */
@Component
class ProbeHandler implements JobHandler<ProbePayload, Map<String, Object>> {

	private final NamedParameterJdbcTemplate jdbc;

	private final Clock clock;

	private final String workerId;

	ProbeHandler(NamedParameterJdbcTemplate jdbc, Clock clock, WorkerProperties properties) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.workerId = properties.id();
	}

	@Override
	public JobType type() {
		return ProbeJobs.PROBE;
	}

	@Override
	public Class<ProbePayload> payloadType() {
		return ProbePayload.class;
	}

	@Override
	public Map<String, Object> handle(ProbePayload probe, JobContext context) throws InterruptedException {
		Map<String, Object> run = Map.of("jobId", context.jobId().toString(), "attempt", context.attempt(), "worker",
				workerId, "key", probe.key(), "sequence", probe.sequence(), "started", Utc.column(clock.instant()));
		jdbc.update("""
				INSERT INTO probe_runs (job_id, attempt, worker, probe_key, sequence, started_at)
				VALUES (:jobId, :attempt, :worker, :key, :sequence, :started)
				""", run);
		String outcome = "INTERRUPTED";
		try {
			if (probe.workMillis() > 0) {
				Thread.sleep(probe.workMillis());
			}
			boolean fails = ThreadLocalRandom.current().nextInt(100) < probe.failPercent();
			outcome = fails ? "FAILED" : "SUCCEEDED";
		}
		finally {
			jdbc.update("""
					UPDATE probe_runs SET finished_at = :finished, outcome = :outcome
					WHERE job_id = :jobId AND attempt = :attempt AND worker = :worker AND started_at = :started
					""", Map.of("jobId", run.get("jobId"), "attempt", run.get("attempt"), "worker", workerId, "started",
					run.get("started"), "finished", Utc.column(clock.instant()), "outcome", outcome));
		}
		if ("FAILED".equals(outcome)) {
			throw new IllegalStateException("probe failed on purpose (" + probe.failPercent() + "% of runs)");
		}
		return Map.of("worker", workerId);
	}

}
