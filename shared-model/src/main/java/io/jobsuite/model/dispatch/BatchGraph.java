package io.jobsuite.model.dispatch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.jobsuite.model.InvalidBatchException;
import io.jobsuite.model.NewBatch;
import io.jobsuite.model.NewBatch.Member;
import io.jobsuite.model.NewJob;

/**
 * A batch's jobs checked as a graph before anything is stored: keys unique and known, no
 * job after itself, no cycle, and only jobs a batch can hold.
 */
final class BatchGraph {

	/** The most jobs one batch holds: the batch page and its reads stay bounded. */
	static final int MAX_JOBS = 10_000;

	static final int MAX_KEY_LENGTH = 100;

	private BatchGraph() {
	}

	/**
	 * Checks the batch; throws {@link InvalidBatchException} saying what is wrong.
	 */
	static void check(NewBatch batch) {
		List<Member> jobs = batch.jobs();
		if (jobs.isEmpty() || jobs.size() > MAX_JOBS) {
			throw new InvalidBatchException("A batch holds 1 to " + MAX_JOBS + " jobs, not " + jobs.size());
		}
		Map<String, Member> byKey = new HashMap<>();
		for (Member member : jobs) {
			checkMember(member);
			if (byKey.put(member.key(), member) != null) {
				throw new InvalidBatchException("Two jobs of the batch have the key '" + member.key() + "'");
			}
		}
		for (Member member : jobs) {
			Set<String> seen = new HashSet<>();
			for (String after : member.after()) {
				if (!byKey.containsKey(after)) {
					throw new InvalidBatchException(
							"Job '" + member.key() + "' runs after '" + after + "', which is not in the batch");
				}
				if (after.equals(member.key())) {
					throw new InvalidBatchException("Job '" + member.key() + "' cannot run after itself");
				}
				if (!seen.add(after)) {
					throw new InvalidBatchException("Job '" + member.key() + "' names '" + after + "' twice");
				}
			}
		}
		List<String> cycle = cycle(jobs, byKey);
		if (!cycle.isEmpty()) {
			throw new InvalidBatchException("The batch's dependencies form a cycle: " + String.join(" -> ", cycle));
		}
	}

	private static void checkMember(Member member) {
		String key = member.key();
		if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
			throw new InvalidBatchException(
					"A batch job's key is 1 to " + MAX_KEY_LENGTH + " characters: '" + key + "'");
		}
		NewJob job = member.job();
		if (job.queue().isFifo()) {
			throw new InvalidBatchException("Job '" + key + "' is a FIFO job: a batch orders its jobs by dependencies");
		}
		if (job.uniqueKey() != null) {
			throw new InvalidBatchException(
					"Job '" + key + "' has a unique key: a batch's jobs are its own, never an existing job");
		}
		if (job.runAt() != null) {
			throw new InvalidBatchException(
					"Job '" + key + "' has a runAt: a batch job runs when its dependencies let it");
		}
	}

	/**
	 * A cycle as the keys along it (the first repeated at the end), or empty: a
	 * depth-first walk along the "after" edges with an explicit stack (a batch's longest
	 * chain may be deeper than the thread's stack).
	 */
	private static List<String> cycle(List<Member> jobs, Map<String, Member> byKey) {
		Set<String> done = new HashSet<>();
		for (Member start : jobs) {
			if (done.contains(start.key())) {
				continue;
			}
			LinkedHashSet<String> path = new LinkedHashSet<>();
			Deque<Walk> stack = new ArrayDeque<>();
			stack.push(new Walk(start, 0));
			path.add(start.key());
			while (!stack.isEmpty()) {
				Walk top = stack.peek();
				if (top.next < top.member.after().size()) {
					String next = top.member.after().get(top.next++);
					if (path.contains(next)) {
						List<String> cycle = new ArrayList<>();
						boolean in = false;
						for (String key : path) {
							in = in || key.equals(next);
							if (in) {
								cycle.add(key);
							}
						}
						cycle.add(next);
						return cycle;
					}
					if (!done.contains(next)) {
						stack.push(new Walk(byKey.get(next), 0));
						path.add(next);
					}
				}
				else {
					stack.pop();
					path.remove(top.member.key());
					done.add(top.member.key());
				}
			}
		}
		return List.of();
	}

	private static final class Walk {

		private final Member member;

		private int next;

		private Walk(Member member, int next) {
			this.member = member;
			this.next = next;
		}

	}

}
