package io.jobsuite.model.store;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.jobsuite.model.NewBatch.FailurePolicy;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import static io.jobsuite.model.JobStatus.CANCELLED;
import static io.jobsuite.model.JobStatus.QUEUED;

/**
 * What the end of a batch's job does to the rest of its batch, in the transaction that
 * ends it: a job that succeeded meets a dependency of each of its dependents (the last
 * one makes a dependent due, and the relay sends it); one that failed for good or was
 * cancelled cancels its dependents and theirs ({@link FailurePolicy#CANCEL_DEPENDENTS})
 * or meets their dependency all the same ({@link FailurePolicy#CONTINUE}); and the
 * batch's row counts the ends ({@link BatchEnds}). Jobs outside batches never come here.
 */
public final class BatchTransitions {

	/**
	 * The {@code not_before} of a job waiting for its dependencies: far enough that no
	 * claim takes it, near enough that a wait in nanoseconds still fits a long.
	 */
	public static final String WAITING_NOT_BEFORE = "TIMESTAMP '2200-01-01 00:00:00'";

	/** Why a dependent was cancelled; only such a job is re-armed by a retry. */
	static final String DEPENDENCY_DID_NOT_SUCCEED = "Cancelled: a job it depends on did not succeed";

	/**
	 * Meets {@code :met} dependencies of each waiting job; the one that meets the last
	 * makes it due now (the relay sends it at its next round). The assignments after the
	 * first read the new {@code waiting_deps} (single-table UPDATEs assign left to
	 * right).
	 */
	static final Transition MEET_DEPENDENCY = Transition.of("meet a dependency", Set.of(QUEUED), Set.of(), """
			UPDATE jobs
			SET waiting_deps = waiting_deps - :met,
			    not_before = IF(waiting_deps = 0, UTC_TIMESTAMP(3), not_before),
			    recheck_at = IF(waiting_deps = 0, UTC_TIMESTAMP(3), recheck_at)
			WHERE id IN (:ids) AND status = 'QUEUED' AND waiting_deps >= :met
			""");

	/** Cancels waiting dependents of a job that did not succeed. */
	static final Transition CANCEL_DEPENDENT = Transition.of("cancel a dependent", Set.of(QUEUED), Set.of(CANCELLED),
			"""
					UPDATE jobs SET status = 'CANCELLED', finished_at = UTC_TIMESTAMP(3), last_error = :reason,
					    recheck_at = NULL
					WHERE id IN (:ids) AND status = 'QUEUED' AND waiting_deps > 0
					""");

	/**
	 * A dependent cancelled by its dependency waits again: that dependency was retried.
	 */
	static final Transition REARM_DEPENDENT = Transition.of("re-arm a dependent", Set.of(CANCELLED), Set.of(QUEUED), """
			UPDATE jobs
			SET status = 'QUEUED', waiting_deps = :waiting, finished_at = NULL, last_error = NULL, sent_at = NULL,
			    not_before = IF(waiting_deps > 0, %1$s, UTC_TIMESTAMP(3)),
			    recheck_at = IF(waiting_deps > 0, NULL, UTC_TIMESTAMP(3))
			WHERE id = :id AND status = 'CANCELLED' AND last_error = :reason AND batch_id IS NOT NULL
			""".formatted(WAITING_NOT_BEFORE));

	static final List<Transition> ALL = List.of(MEET_DEPENDENCY, CANCEL_DEPENDENT, REARM_DEPENDENT);

	private final NamedParameterJdbcTemplate jdbc;

	private final BatchEnds ends;

	BatchTransitions(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
		this.ends = new BatchEnds(jdbc);
	}

	/** A job of a batch that reached a final state. */
	record Ended(UUID jobId, UUID batchId, boolean succeeded) {
	}

	/**
	 * Moves the batches of these jobs on; nothing (no statement) for none. Run in the
	 * transaction that ended the jobs, after their rows: dependents' rows, then each
	 * batch's row, are locked in that order by every path (see {@link BatchReopen}).
	 */
	void ended(Collection<Ended> ended) {
		if (ended.isEmpty()) {
			return;
		}
		Map<UUID, List<Ended>> byBatch = ended.stream()
			.collect(Collectors.groupingBy(Ended::batchId, TreeMap::new, Collectors.toList()));
		Map<UUID, FailurePolicy> policies = new HashMap<>();
		jdbc.query("SELECT id, failure_policy FROM job_batches WHERE id IN (:ids)",
				Map.of("ids", keys(byBatch.keySet())), rs -> {
					policies.put(UUID.fromString(rs.getString("id")),
							FailurePolicy.valueOf(rs.getString("failure_policy")));
				});
		for (Map.Entry<UUID, List<Ended>> batch : byBatch.entrySet()) {
			boolean cancels = policies.get(batch.getKey()) == FailurePolicy.CANCEL_DEPENDENTS;
			List<UUID> met = batch.getValue()
				.stream()
				.filter(end -> end.succeeded() || !cancels)
				.map(Ended::jobId)
				.toList();
			List<UUID> broken = batch.getValue()
				.stream()
				.filter(end -> !end.succeeded() && cancels)
				.map(Ended::jobId)
				.toList();
			meetDependencies(met);
			int cancelled = cancelDependents(broken);
			long failed = batch.getValue().stream().filter(end -> !end.succeeded()).count();
			ends.count(batch.getKey(), batch.getValue().size() + cancelled, (int) failed + cancelled);
		}
	}

	/**
	 * A FAILED job of a batch was retried: the batch is open again, and the dependents
	 * its failure cancelled wait again where their other dependencies allow.
	 */
	void reopened(UUID jobId, UUID batchId) {
		int rearmed = new BatchReopen(jdbc).rearm(jobId, batchId);
		ends.count(batchId, -(1 + rearmed), -(1 + rearmed));
	}

	private void meetDependencies(List<UUID> met) {
		if (met.isEmpty()) {
			return;
		}
		Map<String, Long> times = jdbc
			.queryForList("SELECT job_id FROM job_dependencies WHERE depends_on IN (:ids)", Map.of("ids", keys(met)),
					String.class)
			.stream()
			.collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
		Map<Long, List<String>> byTimes = times.entrySet()
			.stream()
			.collect(Collectors.groupingBy(Map.Entry::getValue, TreeMap::new,
					Collectors.mapping(Map.Entry::getKey, Collectors.toList())));
		byTimes.forEach((count, ids) -> jdbc.update(MEET_DEPENDENCY.sql(), Map.of("ids", ids, "met", count)));
	}

	/**
	 * Cancels the waiting dependents of these jobs, and theirs, level by level; answers
	 * how many.
	 */
	private int cancelDependents(List<UUID> broken) {
		int cancelled = 0;
		List<String> frontier = keys(broken);
		while (!frontier.isEmpty()) {
			List<String> dependents = jdbc.queryForList(
					"SELECT DISTINCT job_id FROM job_dependencies WHERE depends_on IN (:ids)", Map.of("ids", frontier),
					String.class);
			if (dependents.isEmpty()) {
				break;
			}
			frontier = jdbc.queryForList("""
					SELECT id FROM jobs WHERE id IN (:ids) AND status = 'QUEUED' AND waiting_deps > 0
					ORDER BY id FOR UPDATE
					""", Map.of("ids", dependents), String.class);
			if (!frontier.isEmpty()) {
				cancelled += jdbc.update(CANCEL_DEPENDENT.sql(),
						Map.of("ids", frontier, "reason", DEPENDENCY_DID_NOT_SUCCEED));
			}
		}
		return cancelled;
	}

	static List<String> keys(Collection<UUID> ids) {
		return ids.stream().map(UUID::toString).sorted().toList();
	}

}
