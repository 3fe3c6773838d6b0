package io.jobsuite.api.admin;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Canaried redrives of a dead-letter group.
 *
 * @param size how many of the group's messages go first
 * @param timeout how long the canary jobs may take to succeed before the redrive stops
 * @param interval how often each API instance looks at the redrives under way
 * @param staleAfter a redrive whose instance went quiet this long mid-step (it stopped)
 * is carried on by another
 * @param keep how long finished redrives stay listed
 */
@Validated
@ConfigurationProperties("jobs.dead-letters.canary")
public record CanaryRedriveProperties(@DefaultValue("3") @Min(1) int size,
		@DefaultValue("15m") @NotNull Duration timeout, @DefaultValue("5s") @NotNull Duration interval,
		@DefaultValue("2m") @NotNull Duration staleAfter, @DefaultValue("30d") @NotNull Duration keep) {
}
