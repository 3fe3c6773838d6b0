package io.jobsuite.benchmarks;

/** The peers' no-op job: JobRunr serialises a call to a public static method. */
public final class NoopJobs {

	private NoopJobs() {
	}

	public static void run(int index) {
		// Nothing: the figure is the cost of the job machinery itself.
	}

}
