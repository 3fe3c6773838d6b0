package io.jobsuite.api.freshness;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Client freshness and the backlog forecast.
 *
 * @param pollInterval how often the figures are read (every API instance reads them)
 * @param sampleSize clients read by id to estimate the staleness percentiles
 * @param countLimit overdue clients and waiting jobs are counted up to this many index
 * entries each (the figure then shows as at least this)
 * @param rateWindow the recent stretch of counted attempts the drain rate is taken from
 * @param scanWindow the scan's period: a backlog that takes longer than this to drain
 * makes the next scan's syncs late
 */
@Validated
@ConfigurationProperties("jobs.freshness")
record FreshnessProperties(@NotNull Duration pollInterval, @Positive int sampleSize, @Positive int countLimit,
		@NotNull Duration rateWindow, @NotNull Duration scanWindow) {
}
