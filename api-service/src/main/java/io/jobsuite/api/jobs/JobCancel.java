package io.jobsuite.api.jobs;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What a cancel request did.
 *
 * @param jobId the job
 * @param status CANCELLED when it was waiting and is cancelled now; RUNNING when it runs
 * and was asked to stop (its worker ends it CANCELLED within a heartbeat or two)
 * @param cancelRequested whether the job runs and its end is still to come
 */
@Schema(description = "What a cancel request did: a waiting job is CANCELLED at once; a RUNNING one was asked to "
		+ "stop and ends CANCELLED within two heartbeats (follow it at GET /api/jobs/{jobId})")
public record JobCancel(String jobId, @Schema(allowableValues = {
		"CANCELLED", "RUNNING" }) String status, boolean cancelRequested){
}
