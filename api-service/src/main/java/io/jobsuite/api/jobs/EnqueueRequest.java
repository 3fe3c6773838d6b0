package io.jobsuite.api.jobs;

import java.time.Instant;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import tools.jackson.databind.JsonNode;

/**
 * A request to run any registered job type.
 *
 * @param type the job type name
 * @param payload the handler's input, a JSON object
 * @param priority {@code high} for the express queue; default the type's queue
 * @param uniqueKey at most one active job per key; a second request answers with the
 * active one
 * @param overlapKey jobs sharing it never run at the same time
 * @param messageGroup the FIFO group (FIFO job types need one)
 * @param maxAttempts attempts before the job fails; default the type's
 * @param runAt not before this time (ISO-8601, e.g. {@code 2026-12-08T09:00:00Z}), at
 * most a year ahead; not for FIFO job types
 * @param delaySeconds or not before this many seconds from now (at most a year); not with
 * {@code runAt}
 */
public record EnqueueRequest(@NotBlank String type, @NotNull JsonNode payload,
		@Pattern(regexp = "high|normal", message = "must be 'high' or 'normal'") String priority,
		@Size(max = 191) String uniqueKey, @Size(max = 191) String overlapKey,
		@Size(max = 128) @Pattern(regexp = "[A-Za-z0-9_.:-]+",
				message = "letters, digits and _.:- only") String messageGroup,
		@Min(1) @Max(25) Integer maxAttempts, Instant runAt,
		@Min(0) @Max(EnqueueRequest.MAX_DELAY_SECONDS) Long delaySeconds) {

	/** The furthest a job may be put off: a year (366 days). */
	static final long MAX_DELAY_SECONDS = 366L * 24 * 3600;

}
