package io.jobsuite.scheduler.recurring;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The recurring jobs' schedule.
 *
 * @param tick how often each scheduler instance looks for due occurrences: how late an
 * occurrence may be created at most (each is created once, whichever instance comes
 * first)
 */
@Validated
@ConfigurationProperties("jobs.recurring")
public record RecurringProperties(@NotNull Duration tick) {
}
