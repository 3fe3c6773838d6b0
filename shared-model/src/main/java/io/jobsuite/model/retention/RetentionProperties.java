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
 */
@Validated
@ConfigurationProperties("jobs.retention")
public record RetentionProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("7d") @NotNull Duration finishedAge, @DefaultValue("30d") @NotNull Duration failedAge,
		@DefaultValue("500") @Min(1) @Max(10_000) int batchSize, @DefaultValue("1m") @NotNull Duration interval) {
}
