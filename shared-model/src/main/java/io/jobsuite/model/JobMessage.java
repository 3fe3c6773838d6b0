package io.jobsuite.model;

import java.util.UUID;

/**
 * What travels on a queue: a pointer to the job row, which stays the source of truth.
 *
 * @param v the schema version of this envelope
 * @param id the job id
 * @param type the job type name
 * @param traceId the id of the trace the job continues (32 hex digits), so that a dead
 * letter names its trace; the span context travels in the {@code traceparent} message
 * attribute
 */
public record JobMessage(int v, UUID id, String type, String traceId) {

	public static final int SCHEMA_VERSION = 1;

	public static JobMessage of(UUID id, String type, String traceId) {
		return new JobMessage(SCHEMA_VERSION, id, type, traceId);
	}

}
