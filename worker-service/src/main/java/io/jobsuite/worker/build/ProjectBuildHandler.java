package io.jobsuite.worker.build;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import io.jobsuite.model.JobType;
import io.jobsuite.model.JobTypes;
import io.jobsuite.model.Utc;
import io.jobsuite.worker.WorkerProperties;
import io.jobsuite.worker.handler.JobContext;
import io.jobsuite.worker.handler.JobHandler;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Runs a project build and records when it started and ended, so that the order of a
 * project's builds can be checked from the table. The build step itself is simulated by
 * waiting {@code workMillis}.
 */
@Component
class ProjectBuildHandler implements JobHandler<ProjectBuildPayload, Map<String, Object>> {

	private final NamedParameterJdbcTemplate jdbc;

	private final Clock clock;

	private final String workerId;

	ProjectBuildHandler(NamedParameterJdbcTemplate jdbc, Clock clock, WorkerProperties properties) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.workerId = properties.id();
	}

	@Override
	public JobType type() {
		return JobTypes.PROJECT_BUILD;
	}

	@Override
	public Class<ProjectBuildPayload> payloadType() {
		return ProjectBuildPayload.class;
	}

	@Override
	public Map<String, Object> handle(ProjectBuildPayload build, JobContext context) throws InterruptedException {
		Instant started = clock.instant();
		if (build.workMillis() > 0) {
			Thread.sleep(build.workMillis());
		}
		Instant finished = clock.instant();
		context.fenced(() -> jdbc.update("""
				INSERT INTO project_builds (job_id, message_group, build_number, worker, started_at, finished_at)
				VALUES (:jobId, :group, :number, :worker, :started, :finished)
				ON DUPLICATE KEY UPDATE worker = VALUES(worker), started_at = VALUES(started_at),
				                        finished_at = VALUES(finished_at)
				""",
				Map.of("jobId", context.jobId().toString(), "group", context.messageGroup(), "number",
						build.buildNumber(), "worker", workerId, "started", Utc.column(started), "finished",
						Utc.column(finished))));
		return Map.of("buildNumber", build.buildNumber(), "durationMs",
				finished.toEpochMilli() - started.toEpochMilli());
	}

}
