package io.jobsuite.fault;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.jobsuite.model.NewBatch;
import io.jobsuite.model.NewJob;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The batch scenario's graph: three levels, each job of levels 2 and 3 after two jobs of
 * the level above (spread so that every job above has dependents), and the checks read
 * from the probe's runs: whether any run started before one of its dependencies' runs
 * ended successfully.
 */
final class BatchDag {

	private BatchDag() {
	}

	/** Job keys are {@code L<level>-<n>}; the probe's key is the job key. */
	static NewBatch of(int level1, int level2, int level3, Function<String, NewJob> job) {
		NewBatch batch = NewBatch.named("fault dag");
		for (int n = 0; n < level1; n++) {
			batch = batch.add("L1-" + n, job.apply("L1-" + n));
		}
		batch = addLevel(batch, 2, level2, level1, job);
		return addLevel(batch, 3, level3, level2, job);
	}

	private static NewBatch addLevel(NewBatch batch, int level, int count, int above, Function<String, NewJob> job) {
		NewBatch more = batch;
		for (int n = 0; n < count; n++) {
			String key = "L" + level + "-" + n;
			int first = n % above;
			int second = (n * 7 + 3) % above;
			List<String> after = new ArrayList<>(List.of("L" + (level - 1) + "-" + first));
			if (second != first) {
				after.add("L" + (level - 1) + "-" + second);
			}
			more = more.add(key, job.apply(key), after.toArray(String[]::new));
		}
		return more;
	}

	/**
	 * Runs (any attempt, cut ones too) that started before a dependency's successful run
	 * ended, or whose dependency never succeeded.
	 */
	static long runsBeforeTheirDependencies(JdbcTemplate jdbc, ProbeRuns runs) {
		Map<String, ProbeRuns.Run> succeeded = runs.runs()
			.stream()
			.filter(run -> "SUCCEEDED".equals(run.outcome()))
			.collect(Collectors.toMap(ProbeRuns.Run::jobId, run -> run, (a, b) -> a));
		Map<String, List<ProbeRuns.Run>> byJob = runs.byJob();
		long early = 0;
		for (Map<String, Object> edge : jdbc.queryForList("SELECT depends_on, job_id FROM job_dependencies")) {
			ProbeRuns.Run dependency = succeeded.get((String) edge.get("depends_on"));
			for (ProbeRuns.Run run : byJob.getOrDefault((String) edge.get("job_id"), List.of())) {
				if (dependency == null || run.start().isBefore(dependency.end())) {
					early++;
				}
			}
		}
		return early;
	}

	/** Jobs of the batch with more than one successful run. */
	static long jobsSucceededMoreThanOnce(ProbeRuns runs) {
		return runs.byJob()
			.values()
			.stream()
			.filter(list -> list.stream().filter(run -> "SUCCEEDED".equals(run.outcome())).count() > 1)
			.count();
	}

	/** Successful runs of the callback whose probe key is {@code key}. */
	static long callbackRuns(ProbeRuns runs, String key) {
		return runs.runs().stream().filter(run -> key.equals(run.key()) && "SUCCEEDED".equals(run.outcome())).count();
	}

}
