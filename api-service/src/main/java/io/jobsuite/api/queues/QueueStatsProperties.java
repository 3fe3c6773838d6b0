package io.jobsuite.api.queues;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Queue statistics.
 *
 * @param pollInterval how often the queue attributes and the oldest waiting job are read
 * @param healthTimeout how long the readiness check waits for SQS before it calls the
 * queues down
 */
@Validated
@ConfigurationProperties("jobs.queue-stats")
record QueueStatsProperties(@NotNull Duration pollInterval, @NotNull Duration healthTimeout) {
}
