package io.jobsuite.model;

import java.util.UUID;

/**
 * What travels on a queue: a pointer to the job row, which stays the source of truth.
 *
 * @param v the schema version of this envelope
 * @param id the job id
 * @param type the job type name
 * @param traceId the trace id of the request that created the job, carried into the
 * worker's logs
 */
public record JobMessage(int v, UUID id, String type, String traceId) {

	public static final int SCHEMA_VERSION = 1;

	public static JobMessage of(UUID id, String type, String traceId) {
		return new JobMessage(SCHEMA_VERSION, id, type, traceId);
	}

}
