package io.jobsuite.model;

import java.time.Duration;
import java.util.Objects;

/**
 * A kind of job every service knows by name: where it is queued by default and how it is
 * retried.
 *
 * @param name the stable name carried in messages and rows
 * @param defaultQueue the queue used when a dispatch does not name one
 * @param maxAttempts attempts before the job is FAILED and its message dead-lettered
 * @param backoffBase the first retry delay; each further retry doubles it, with jitter
 */
public record JobType(String name, QueueKind defaultQueue, int maxAttempts, Duration backoffBase) {

	public JobType {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(defaultQueue, "defaultQueue");
		if (!name.matches("[a-z][a-z0-9-]{0,99}")) {
			throw new IllegalArgumentException("Job type names are lower-case kebab-case: " + name);
		}
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
		}
	}

}
