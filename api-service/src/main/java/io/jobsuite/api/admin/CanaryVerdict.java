package io.jobsuite.api.admin;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a canaried redrive does next, from its canary jobs' rows: wait, go on with the
 * rest of the group (every canary job SUCCEEDED), or stop (one failed again, was
 * cancelled or is gone, or they took longer than the timeout).
 */
sealed interface CanaryVerdict {

	/** Some canary jobs are still queued, running or retrying. */
	record Wait() implements CanaryVerdict {
	}

	/** Every canary job succeeded: redrive the rest. */
	record Proceed() implements CanaryVerdict {
	}

	/** Leave the rest on the dead-letter queue, and say why. */
	record Stop(String reason) implements CanaryVerdict {
	}

	/**
	 * The verdict on {@code canary} given each job's status ({@code statuses} lacks the
	 * jobs that are gone) and how long ago the canary was sent.
	 */
	static CanaryVerdict of(List<UUID> canary, Map<UUID, String> statuses, Duration age, Duration timeout) {
		if (canary.isEmpty()) {
			return new Stop("the group had no job to try: its dead letters are not jobs (purge them instead)");
		}
		boolean allSucceeded = true;
		for (UUID job : canary) {
			String status = statuses.get(job);
			if (status == null) {
				return new Stop("canary job " + job + " is gone");
			}
			switch (status) {
				case "FAILED" -> {
					return new Stop("canary job " + job + " failed again");
				}
				case "CANCELLED" -> {
					return new Stop("canary job " + job + " was cancelled");
				}
				case "SUCCEEDED" -> {
				}
				default -> allSucceeded = false;
			}
		}
		if (allSucceeded) {
			return new Proceed();
		}
		return age.compareTo(timeout) >= 0
				? new Stop("the canary jobs did not finish within " + timeout.toMinutes() + " minutes") : new Wait();
	}

}
