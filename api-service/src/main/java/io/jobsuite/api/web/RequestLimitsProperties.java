package io.jobsuite.api.web;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on what a request may send.
 *
 * @param maxBodySize the largest body accepted (413 above it)
 */
@Validated
@ConfigurationProperties("jobs.requests")
record RequestLimitsProperties(@NotNull DataSize maxBodySize) {
}
