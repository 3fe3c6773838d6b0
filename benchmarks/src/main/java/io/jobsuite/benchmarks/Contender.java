package io.jobsuite.benchmarks;

/**
 * A job system in the throughput race: it takes no-op jobs and its database says when
 * they succeeded.
 */
interface Contender extends AutoCloseable {

	String name();

	/** Clears what the last run left (not timed). */
	void reset() throws Exception;

	/**
	 * Hands over {@code jobs} no-op jobs the way an application would; may return before
	 * they ran.
	 */
	void submit(int jobs) throws Exception;

	/** How many of this run's jobs its database records as succeeded. */
	long succeeded();

	@Override
	void close();

}
