package io.jobsuite.scheduler.scan;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The scan for clients due a sync.
 *
 * @param cron when this instance scans on its own ("-" to scan only when triggered, as in
 * AWS where the EventBridge rule triggers it)
 * @param pageSize clients locked, dispatched and moved per transaction
 * @param triggerQueue the queue the EventBridge rule sends to; null where no rule
 * triggers scans
 */
@Validated
@ConfigurationProperties("jobs.scan")
public record ScanProperties(@NotBlank String cron, @Min(1) @Max(10_000) int pageSize, String triggerQueue) {
}
