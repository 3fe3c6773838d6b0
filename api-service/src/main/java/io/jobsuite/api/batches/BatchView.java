package io.jobsuite.api.batches;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A batch as the API and the admin show it.
 *
 * @param state RUNNING while a job is not in a final state, then SUCCEEDED (every job
 * did) or FAILED (some job failed or was cancelled); a retry makes it RUNNING again
 * @param counts the batch's jobs by status
 * @param jobs its jobs, each with the keys of the jobs it runs after
 * @param callbacks the callbacks the dispatch named, with the job each became (once it
 * did)
 */
public record BatchView(String id, String name, String policy, String state, int total, int pending, Instant createdAt,
		Instant finishedAt, Map<String, Integer> counts, List<BatchJob> jobs, List<Callback> callbacks) {

	/**
	 * One job of the batch.
	 *
	 * @param waitingFor dependencies not yet met, while it waits for them; else null
	 * @param after the keys of the jobs it runs after
	 */
	public record BatchJob(String key, String id, String type, String status, int attempts, int maxAttempts,
			Integer waitingFor, List<String> after) {

		/** The edges as a person reads them: "after reserve, email". */
		public String afterText() {
			return after.isEmpty() ? "" : "after " + String.join(", ", after);
		}

		public boolean failed() {
			return "FAILED".equals(status);
		}

	}

	/**
	 * A callback.
	 *
	 * @param on success, failure or complete
	 * @param jobId the callback's job once the batch's end dispatched it, else null
	 * @param status that job's status, else null
	 */
	public record Callback(String on, String type, String jobId, String status) {
	}

}
