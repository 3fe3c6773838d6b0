package io.jobsuite.api.batches;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.jobsuite.api.web.ProblemException;
import io.jobsuite.model.Utc;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Reads a batch: its row, its jobs through {@code batch_jobs} and its edges, each by the
 * batch's id (bounded by a batch's size, see {@code BatchGraph.MAX_JOBS}).
 */
@Service
public class BatchReads {

	static final String BATCH = "SELECT * FROM job_batches WHERE id = :id";

	static final String JOBS = """
			SELECT b.job_key, j.id, j.type, j.status, j.attempts, j.max_attempts, j.waiting_deps
			FROM batch_jobs b JOIN jobs j ON j.id = b.job_id WHERE b.batch_id = :id ORDER BY b.job_id
			""";

	static final String EDGES = "SELECT depends_on, job_id FROM job_dependencies WHERE batch_id = :id";

	static final String CALLBACKS = "SELECT id, status FROM jobs WHERE id IN (:ids)";

	private static final Pattern ID = Pattern.compile("[0-9a-fA-F-]{36}");

	private static final List<String> CALLBACK_KINDS = List.of("success", "failure", "complete");

	private final NamedParameterJdbcTemplate jdbc;

	BatchReads(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** The batch, or 404 problem. */
	public BatchView get(String id) {
		return find(id).orElseThrow(() -> ProblemException.notFound("batch", id));
	}

	/** The batch a job belongs to, if any. */
	public Optional<String> batchOf(String jobId) {
		if (!ID.matcher(jobId).matches()) {
			return Optional.empty();
		}
		return jdbc
			.queryForList("SELECT batch_id FROM jobs WHERE id = :id AND batch_id IS NOT NULL", Map.of("id", jobId),
					String.class)
			.stream()
			.findFirst();
	}

	Optional<BatchView> find(String id) {
		if (!ID.matcher(id).matches()) {
			return Optional.empty();
		}
		Map<String, Object> params = Map.of("id", id);
		return jdbc.query(BATCH, params, rs -> {
			if (!rs.next()) {
				return Optional.<BatchView>empty();
			}
			Map<String, String> callbackJobs = new HashMap<>();
			List<BatchView.Callback> callbacks = new ArrayList<>();
			for (String kind : CALLBACK_KINDS) {
				if (rs.getString(kind + "_type") != null) {
					callbacks.add(new BatchView.Callback(kind, rs.getString(kind + "_type"),
							rs.getString(kind + "_job_id"), null));
				}
			}
			int pending = rs.getInt("pending");
			String state = pending > 0 ? "RUNNING" : rs.getInt("failed") == 0 ? "SUCCEEDED" : "FAILED";
			List<BatchView.BatchJob> jobs = jobs(params);
			Map<String, Integer> counts = new TreeMap<>();
			jobs.forEach(job -> counts.merge(job.status(), 1, Integer::sum));
			return Optional.of(new BatchView(id, rs.getString("name"), rs.getString("failure_policy"), state,
					rs.getInt("total"), pending, Utc.instant(rs, "created_at"), Utc.instant(rs, "finished_at"), counts,
					jobs, withStatuses(callbacks, callbackJobs)));
		});
	}

	private List<BatchView.BatchJob> jobs(Map<String, Object> params) {
		Map<String, String> keys = new HashMap<>();
		List<Map<String, Object>> rows = jdbc.queryForList(JOBS, params);
		rows.forEach(row -> keys.put((String) row.get("id"), (String) row.get("job_key")));
		Map<String, List<String>> after = new HashMap<>();
		jdbc.query(EDGES, params, rs -> {
			after.computeIfAbsent(rs.getString("job_id"), k -> new ArrayList<>())
				.add(keys.getOrDefault(rs.getString("depends_on"), rs.getString("depends_on")));
		});
		return rows.stream().map(row -> {
			String jobId = (String) row.get("id");
			Integer waiting = (Integer) row.get("waiting_deps");
			boolean waits = "QUEUED".equals(row.get("status")) && waiting != null && waiting > 0;
			return new BatchView.BatchJob((String) row.get("job_key"), jobId, (String) row.get("type"),
					(String) row.get("status"), (Integer) row.get("attempts"), (Integer) row.get("max_attempts"),
					waits ? waiting : null, after.getOrDefault(jobId, List.of()).stream().sorted().toList());
		}).toList();
	}

	private List<BatchView.Callback> withStatuses(List<BatchView.Callback> callbacks, Map<String, String> statuses) {
		List<String> ids = callbacks.stream().map(BatchView.Callback::jobId).filter(jobId -> jobId != null).toList();
		if (!ids.isEmpty()) {
			jdbc.query(CALLBACKS, Map.of("ids", ids), rs -> {
				statuses.put(rs.getString("id"), rs.getString("status"));
			});
		}
		return callbacks.stream()
			.map(c -> new BatchView.Callback(c.on(), c.type(), c.jobId(),
					c.jobId() == null ? null : statuses.get(c.jobId())))
			.toList();
	}

}
