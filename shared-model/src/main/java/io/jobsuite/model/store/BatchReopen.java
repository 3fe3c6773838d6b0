package io.jobsuite.model.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.jobsuite.model.JobStatus;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Re-arms the dependents that a retried job's failure cancelled: each one (and theirs)
 * waits again if every one of its dependencies succeeded, is active, or is re-armed too;
 * one that still depends on another job that did not succeed stays cancelled (it could
 * never run, and an active row that can never run would break convergence). An ops path,
 * bounded by the batch's size.
 */
final class BatchReopen {

	private final NamedParameterJdbcTemplate jdbc;

	BatchReopen(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Answers how many dependents of {@code retried} wait again. */
	int rearm(UUID retried, UUID batchId) {
		Map<String, List<String>> dependents = new HashMap<>();
		Map<String, List<String>> dependencies = new HashMap<>();
		jdbc.query("SELECT depends_on, job_id FROM job_dependencies WHERE batch_id = :batch",
				Map.of("batch", batchId.toString()), rs -> {
					dependents.computeIfAbsent(rs.getString("depends_on"), k -> new ArrayList<>())
						.add(rs.getString("job_id"));
					dependencies.computeIfAbsent(rs.getString("job_id"), k -> new ArrayList<>())
						.add(rs.getString("depends_on"));
				});
		Set<String> descendants = descendants(retried.toString(), dependents);
		if (descendants.isEmpty()) {
			return 0;
		}
		Set<String> involved = new TreeSet<>(descendants);
		descendants.forEach(id -> involved.addAll(dependencies.get(id)));
		// Locked in id order before any dependent is written: a worker that ends one of
		// these dependencies meanwhile is waited for, so its end is counted (below or by
		// its own MEET_DEPENDENCY on the re-armed row), never lost.
		Map<String, JobStatus> statuses = new HashMap<>();
		Set<String> cancelledByDependency = new HashSet<>();
		jdbc.query(
				"SELECT id, status, last_error = :reason AS by_dependency FROM jobs WHERE id IN (:ids)"
						+ " ORDER BY id FOR UPDATE",
				Map.of("ids", List.copyOf(involved), "reason", BatchTransitions.DEPENDENCY_DID_NOT_SUCCEED), rs -> {
					JobStatus status = JobStatus.valueOf(rs.getString("status"));
					statuses.put(rs.getString("id"), status);
					if (status == JobStatus.CANCELLED && rs.getBoolean("by_dependency")) {
						cancelledByDependency.add(rs.getString("id"));
					}
				});
		Set<String> rearmed = rearmable(retried.toString(), descendants, dependencies, statuses, cancelledByDependency);
		for (String id : new TreeSet<>(rearmed)) {
			long waiting = dependencies.get(id).stream().filter(dependency -> !met(statuses.get(dependency))).count();
			jdbc.update(BatchTransitions.REARM_DEPENDENT.sql(),
					Map.of("id", id, "waiting", waiting, "reason", BatchTransitions.DEPENDENCY_DID_NOT_SUCCEED));
		}
		return rearmed.size();
	}

	/**
	 * The dependents cancelled by a dependency whose dependencies all succeeded, are
	 * active, or are re-armed: grown until nothing changes (at most the DAG's depth).
	 */
	private static Set<String> rearmable(String retried, Set<String> descendants,
			Map<String, List<String>> dependencies, Map<String, JobStatus> statuses,
			Set<String> cancelledByDependency) {
		Set<String> rearmed = new HashSet<>();
		boolean grew = true;
		while (grew) {
			grew = false;
			for (String id : descendants) {
				if (!rearmed.contains(id) && cancelledByDependency.contains(id)
						&& dependencies.get(id)
							.stream()
							.allMatch(dependency -> dependency.equals(retried) || rearmed.contains(dependency)
									|| statuses.get(dependency) == JobStatus.SUCCEEDED
									|| statuses.get(dependency).isActive())) {
					rearmed.add(id);
					grew = true;
				}
			}
		}
		return rearmed;
	}

	/**
	 * A dependency that succeeded, or whose row retention deleted (it ended long ago).
	 */
	private static boolean met(JobStatus status) {
		return status == null || status == JobStatus.SUCCEEDED;
	}

	private static Set<String> descendants(String root, Map<String, List<String>> dependents) {
		Set<String> found = new HashSet<>();
		Deque<String> next = new ArrayDeque<>(List.of(root));
		while (!next.isEmpty()) {
			for (String dependent : dependents.getOrDefault(next.pop(), List.of())) {
				if (found.add(dependent)) {
					next.push(dependent);
				}
			}
		}
		return found;
	}

}
