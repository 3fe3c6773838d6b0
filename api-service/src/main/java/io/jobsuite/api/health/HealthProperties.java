package io.jobsuite.api.health;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Health checks.
 *
 * @param cacheFor how long a probe of the database or the queues answers health requests
 * before the next probe
 */
@Validated
@ConfigurationProperties("jobs.health")
public record HealthProperties(@NotNull Duration cacheFor) {
}
