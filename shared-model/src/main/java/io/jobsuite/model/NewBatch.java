package io.jobsuite.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A group of jobs to dispatch together (a batch), before it has ids: each job under a key
 * of the caller's choosing, and the keys of the jobs it runs after (a DAG inside the
 * batch). A job starts only once all of its dependencies succeeded. Callbacks are jobs
 * too, dispatched exactly once when the batch ends: on success (every job succeeded), on
 * failure (some job failed or was cancelled), and on completion (either way). The
 * dispatch checks the graph ({@link InvalidBatchException} for unknown keys and cycles).
 *
 * <pre>{@code
 * NewBatch order = NewBatch.named("order 42")
 *     .add("reserve", NewJob.of(RESERVE_STOCK, payload))
 *     .add("email", NewJob.of(CONFIRMATION_EMAIL, payload))
 *     .add("invoice", NewJob.of(INVOICE, payload), "reserve", "email")
 *     .onFailure(ORDER_FAILED, payload);
 * DispatchedBatch dispatched = dispatcher.dispatchBatch(order);
 * }</pre>
 *
 * @param name what the batch is, for people (the admin shows it)
 * @param policy what the failure of a job does to the jobs that depend on it
 * @param jobs the batch's jobs in the order they were added
 * @param onSuccess dispatched once when every job succeeded; null for none
 * @param onFailure dispatched once when the batch ended with a job failed or cancelled;
 * null for none
 * @param onComplete dispatched once when every job ended, however; null for none
 * @param traceId the W3C traceparent of the span that dispatched it, given to every job
 */
public record NewBatch(String name, FailurePolicy policy, List<Member> jobs, Callback onSuccess, Callback onFailure,
		Callback onComplete, String traceId) {

	public NewBatch {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(policy, "policy");
		jobs = List.copyOf(jobs);
	}

	/**
	 * An empty batch with the default policy ({@link FailurePolicy#CANCEL_DEPENDENTS}).
	 */
	public static NewBatch named(String name) {
		return new NewBatch(name, FailurePolicy.CANCEL_DEPENDENTS, List.of(), null, null, null, null);
	}

	/**
	 * Adds {@code job} under {@code key}; it runs after the jobs with the keys in
	 * {@code after} succeeded (they may be added later: the dispatch checks the graph).
	 */
	public NewBatch add(String key, NewJob job, String... after) {
		List<Member> more = new ArrayList<>(jobs);
		more.add(new Member(key, job, List.of(after)));
		return new NewBatch(name, policy, more, onSuccess, onFailure, onComplete, traceId);
	}

	public NewBatch withPolicy(FailurePolicy policy) {
		return new NewBatch(name, policy, jobs, onSuccess, onFailure, onComplete, traceId);
	}

	public NewBatch onSuccess(JobType type, String payload) {
		return new NewBatch(name, policy, jobs, new Callback(type, payload), onFailure, onComplete, traceId);
	}

	public NewBatch onFailure(JobType type, String payload) {
		return new NewBatch(name, policy, jobs, onSuccess, new Callback(type, payload), onComplete, traceId);
	}

	public NewBatch onComplete(JobType type, String payload) {
		return new NewBatch(name, policy, jobs, onSuccess, onFailure, new Callback(type, payload), traceId);
	}

	public NewBatch tracedBy(String traceId) {
		return new NewBatch(name, policy, jobs, onSuccess, onFailure, onComplete, traceId);
	}

	/**
	 * One job of the batch.
	 *
	 * @param key its name in the batch, unique there
	 * @param job the job
	 * @param after the keys of the jobs that must succeed before it starts
	 */
	public record Member(String key, NewJob job, List<String> after) {

		public Member {
			Objects.requireNonNull(key, "key");
			Objects.requireNonNull(job, "job");
			after = List.copyOf(after);
		}

	}

	/**
	 * A callback: a job of {@code type} on its default queue, with its default attempts.
	 */
	public record Callback(JobType type, String payload) {

		public Callback {
			Objects.requireNonNull(type, "type");
			Objects.requireNonNull(payload, "payload");
		}

		public NewJob job(String traceId) {
			return NewJob.of(type, payload).tracedBy(traceId);
		}

	}

	/** What a job that failed for good (or was cancelled) does to its dependents. */
	public enum FailurePolicy {

		/**
		 * Its dependents, and theirs, are cancelled; an ops retry of the failed job
		 * re-arms them.
		 */
		CANCEL_DEPENDENTS,
		/**
		 * Its dependents count it as ended and run once their other dependencies are met.
		 */
		CONTINUE

	}

}
