package io.jobsuite.model.recurring;

/**
 * What the scheduler does with the occurrences of a recurring job that fell while no
 * scheduler ran (a deployment, an outage). Occurrences that fell while the job was paused
 * are never made up, whatever the policy.
 */
public sealed interface Missed {

	/** Runs the latest missed occurrence once and skips the older ones. */
	static Missed skip() {
		return new Skip();
	}

	/**
	 * Creates each missed occurrence, the latest {@code max} at most (older ones are
	 * skipped): a scheduler down for a week does not flood the queue.
	 */
	static Missed catchUp(int max) {
		return new CatchUp(max);
	}

	/** How many missed occurrences are created at most. */
	int max();

	/** Runs the latest missed occurrence once. */
	record Skip() implements Missed {

		@Override
		public int max() {
			return 1;
		}

		@Override
		public String toString() {
			return "SKIP";
		}

	}

	/**
	 * Creates each missed occurrence, the latest {@code max} at most.
	 *
	 * @param max the bound, at least 1
	 */
	record CatchUp(int max) implements Missed {

		public CatchUp {
			if (max < 1) {
				throw new IllegalArgumentException("A catch-up needs a bound of at least 1: " + max);
			}
		}

		@Override
		public String toString() {
			return "CATCH_UP(" + max + ")";
		}

	}

}
