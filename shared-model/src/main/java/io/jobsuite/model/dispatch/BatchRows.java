package io.jobsuite.model.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.jobsuite.model.NewBatch;
import io.jobsuite.model.NewBatch.Callback;
import io.jobsuite.model.NewBatch.Member;
import io.jobsuite.model.store.BatchTransitions;
import io.jobsuite.model.store.JobTransitions;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * The SQL of a batch's dispatch: its row, its jobs (those with dependencies waiting, see
 * {@link BatchTransitions#WAITING_NOT_BEFORE}), their keys and their edges. Jobs outside
 * batches never pass here: their insert stays as it was.
 */
class BatchRows {

	private static final String INSERT_BATCH = """
			INSERT INTO job_batches (id, name, failure_policy, total, pending, trace_id, created_at,
			                         success_type, success_payload, failure_type, failure_payload,
			                         complete_type, complete_payload)
			VALUES (:id, :name, :policy, :total, :total, :traceId, UTC_TIMESTAMP(3),
			        :successType, :successPayload, :failureType, :failurePayload, :completeType, :completePayload)
			""";

	private static final String INSERT_JOB = """
			INSERT INTO jobs (id, type, queue, status, payload, client_id, overlap_key, attempts, max_attempts,
			                  not_before, trace_id, created_at, recheck_at, batch_id, waiting_deps)
			VALUES (:id, :type, :queue, 'QUEUED', :payload, :clientId, :overlapKey, 0, :maxAttempts,
			        IF(:waiting > 0, %s, UTC_TIMESTAMP(3)), :traceId, UTC_TIMESTAMP(3),
			        IF(:waiting > 0, NULL, DATE_ADD(UTC_TIMESTAMP(3), INTERVAL :relayMicros MICROSECOND)),
			        :batchId, :waiting)
			""".formatted(BatchTransitions.WAITING_NOT_BEFORE);

	private final NamedParameterJdbcTemplate jdbc;

	private final OutboxProperties properties;

	BatchRows(NamedParameterJdbcTemplate jdbc, OutboxProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	/**
	 * Inserts the batch; answers its jobs that depend on none (the dispatch sends them).
	 */
	List<PendingJob> insert(DispatchedBatch ids, NewBatch batch, List<PendingJob> pending) {
		String batchId = ids.batchId().toString();
		MapSqlParameterSource row = new MapSqlParameterSource().addValue("id", batchId)
			.addValue("name", batch.name())
			.addValue("policy", batch.policy().name())
			.addValue("total", pending.size())
			.addValue("traceId", batch.traceId());
		callback(row, "success", batch.onSuccess());
		callback(row, "failure", batch.onFailure());
		callback(row, "complete", batch.onComplete());
		jdbc.update(INSERT_BATCH, row);
		long relayMicros = JobTransitions.micros(properties.relayAfter());
		List<PendingJob> roots = new ArrayList<>();
		List<SqlParameterSource> jobs = new ArrayList<>();
		List<SqlParameterSource> keys = new ArrayList<>();
		List<SqlParameterSource> edges = new ArrayList<>();
		for (int i = 0; i < pending.size(); i++) {
			PendingJob job = pending.get(i);
			Member member = batch.jobs().get(i);
			if (member.after().isEmpty()) {
				roots.add(job);
			}
			var spec = job.spec();
			jobs.add(new MapSqlParameterSource().addValue("id", job.id().toString())
				.addValue("type", spec.type().name())
				.addValue("queue", spec.queue().name())
				.addValue("payload", spec.payload())
				.addValue("clientId", spec.clientId())
				.addValue("overlapKey", spec.overlapKey())
				.addValue("maxAttempts", spec.maxAttempts())
				.addValue("traceId", spec.traceId())
				.addValue("relayMicros", relayMicros)
				.addValue("batchId", batchId)
				.addValue("waiting", member.after().size()));
			keys.add(new MapSqlParameterSource(
					Map.of("batchId", batchId, "jobId", job.id().toString(), "key", member.key())));
			for (String after : member.after()) {
				edges.add(new MapSqlParameterSource(Map.of("batchId", batchId, "jobId", job.id().toString(),
						"dependsOn", ids.jobId(after).toString())));
			}
		}
		jdbc.batchUpdate(INSERT_JOB, jobs.toArray(SqlParameterSource[]::new));
		jdbc.batchUpdate("INSERT INTO batch_jobs (batch_id, job_id, job_key) VALUES (:batchId, :jobId, :key)",
				keys.toArray(SqlParameterSource[]::new));
		if (!edges.isEmpty()) {
			jdbc.batchUpdate("""
					INSERT INTO job_dependencies (depends_on, job_id, batch_id) VALUES (:dependsOn, :jobId, :batchId)
					""", edges.toArray(SqlParameterSource[]::new));
		}
		return roots;
	}

	private static void callback(MapSqlParameterSource row, String kind, Callback callback) {
		row.addValue(kind + "Type", callback == null ? null : callback.type().name())
			.addValue(kind + "Payload", callback == null ? null : callback.payload());
	}

}
