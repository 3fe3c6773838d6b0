package io.jobsuite.worker.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.jobsuite.model.QueueKind;
import io.jobsuite.model.store.ClaimResult;
import io.jobsuite.model.store.JobTransitions;
import io.jobsuite.worker.WorkerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Runs a FIFO batch: groups side by side, each group one job at a time, so that job n+1
 * never starts before job n ended. A group stops at its first job that did not end; that
 * job's row and the rest of the group's rows wait unsent (parked) and their messages are
 * deleted, so no wait adds receives; the reconciler sends them again in order once the
 * group can go on. Each group runs on its own: one group's failure costs no other group's
 * results or leases.
 */
@Component
public class FifoGroups {

	private static final Logger log = LoggerFactory.getLogger(FifoGroups.class);

	private final JobRuns runs;

	private final JobTransitions transitions;

	private final HandlerExecutors executors;

	private final Duration recheckAfter;

	FifoGroups(JobRuns runs, JobTransitions transitions, HandlerExecutors executors, WorkerProperties properties) {
		this.runs = runs;
		this.transitions = transitions;
		this.executors = executors;
		this.recheckAfter = properties.recheckAfter();
	}

	/** Runs each group's jobs in order; answers every job's outcome. */
	public Map<UUID, Outcome> run(Map<String, List<UUID>> groups) {
		List<CompletableFuture<Map<UUID, Outcome>>> running = groups.entrySet()
			.stream()
			.map(group -> CompletableFuture.supplyAsync(() -> runGroup(group.getKey(), group.getValue()),
					executors.of(QueueKind.FIFO)))
			.toList();
		Map<UUID, Outcome> outcomes = new HashMap<>();
		running.forEach(group -> outcomes.putAll(group.join()));
		return outcomes;
	}

	private Map<UUID, Outcome> runGroup(String name, List<UUID> received) {
		// Ids are time-ordered like the rows: a copy sent again may arrive behind later
		// jobs.
		List<UUID> group = received.stream().sorted().toList();
		Map<UUID, Outcome> outcomes = new HashMap<>();
		for (int i = 0; i < group.size(); i++) {
			UUID id = group.get(i);
			Outcome outcome = runs.run(QueueKind.FIFO, List.of(id)).get(id);
			outcomes.put(id, outcome);
			if (!ended(outcome)) {
				List<UUID> waiting = new ArrayList<>(group.subList(i + 1, group.size()));
				waiting.forEach(later -> outcomes.put(later, new Outcome.Parked()));
				if (outcome instanceof Outcome.Unclaimed) {
					waiting.add(id);
				}
				park(name, waiting, outcomes);
				break;
			}
		}
		return outcomes;
	}

	private void park(String group, List<UUID> ids, Map<UUID, Outcome> outcomes) {
		try {
			transitions.park(group, ids, recheckAfter);
		}
		catch (RuntimeException ex) {
			// Unparked rows keep their messages: a copy of each goes to the end of the
			// group.
			log.warn("Could not park {} FIFO jobs; their messages are sent again: {}", ids.size(), ex.toString());
			ids.forEach(id -> outcomes.put(id, new Outcome.Declined(Duration.ZERO)));
		}
	}

	/** Whether the group may go on past this job: it is over, one way or another. */
	static boolean ended(Outcome outcome) {
		if (outcome instanceof Outcome.Ran ran) {
			return ran.held() && ran.completion().status().isTerminal();
		}
		if (outcome instanceof Outcome.Unclaimed unclaimed) {
			ClaimResult result = unclaimed.result();
			return result instanceof ClaimResult.Finished || result instanceof ClaimResult.Missing
					|| result instanceof ClaimResult.Exhausted;
		}
		return outcome instanceof Outcome.Dropped;
	}

}
