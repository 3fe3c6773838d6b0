package io.jobsuite.api.counts;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the API rolls finished attempts up into the overview's counts.
 *
 * @param interval how long a counting round waits after the previous one ended
 * @param settle how far behind the database's clock counting stays, so that an attempt
 * whose transaction commits a little after its {@code finished_at} is still counted
 * @param step the longest stretch of finish times one transaction counts (catching up
 * after an outage goes step by step, each a bounded range of the finish-time index)
 * @param keep how long a minute's counts are kept
 */
@Validated
@ConfigurationProperties("jobs.attempt-counts")
public record AttemptCountsProperties(@DefaultValue("5s") @NotNull Duration interval,
		@DefaultValue("10s") @NotNull Duration settle, @DefaultValue("1m") @NotNull Duration step,
		@DefaultValue("7d") @NotNull Duration keep) {
}
