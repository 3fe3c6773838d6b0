package io.jobsuite.worker.handler;

import java.util.UUID;

/**
 * What a handler knows about the attempt it runs.
 *
 * @param jobId the job
 * @param type the job type name
 * @param attempt this attempt's number, from 1
 * @param clientId the client the job works for, or null
 * @param messageGroup the FIFO group, or null
 * @param traceId the trace id of the request that created the job
 */
public record JobContext(UUID jobId, String type, int attempt, Long clientId, String messageGroup, String traceId) {
}
