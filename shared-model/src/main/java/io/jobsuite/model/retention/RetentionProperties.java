package io.jobsuite.model.retention;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long finished jobs and their attempts are kept. What a job wrote (client records,
 * builds) is the client's data and is never deleted.
 *
 * @param enabled whether this instance purges (any number of instances may)
 * @param finishedAge how long after it finished a SUCCEEDED or CANCELLED job is deleted
 * @param failedAge how long after it finished a FAILED job is deleted (ops may still want
 * to retry it)
 * @param batchSize how many jobs one purge transaction deletes, with their attempts:
 * small, so that its row locks are held briefly
 * @param interval how long a purge round waits after the previous one ended
 * @param maxRate jobs per second one purger deletes at most, with their attempts; 0 for
 * no limit. A round catching up on a backlog of due jobs otherwise takes the database's
 * CPU from the hot path, whose work cannot wait (docs/retention.md, the soak benchmark)
 */
@Validated
@ConfigurationProperties("jobs.retention")
public record RetentionProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("7d") @NotNull Duration finishedAge, @DefaultValue("30d") @NotNull Duration failedAge,
		@DefaultValue("500") @Min(1) @Max(10_000) int batchSize, @DefaultValue("1m") @NotNull Duration interval,
		@DefaultValue("3700") @Min(0) int maxRate) {

	/**
	 * How long a purger waits after a full batch of {@code jobs} that took {@code took}:
	 * what is left of the time {@code maxRate} gives those jobs, so that a slow batch (a
	 * busy database) is followed by a short pause and a fast one by a longer pause.
	 */
	public Duration pauseAfter(int jobs, Duration took) {
		if (maxRate == 0) {
			return Duration.ZERO;
		}
		Duration rest = Duration.ofNanos(jobs * 1_000_000_000L / maxRate).minus(took);
		return rest.isNegative() ? Duration.ZERO : rest;
	}
}
