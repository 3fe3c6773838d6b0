package io.jobsuite.api.jobs;

import java.net.URI;

import io.jobsuite.model.dispatch.Dispatched;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The answer to a dispatch: the job that stands for the request and what became of it.
 *
 * @param jobId the job to follow at {@code GET /api/jobs/{jobId}}
 * @param outcome CREATED, EXISTING (an active job with the same unique key) or PROMOTED
 * (moved to express)
 * @param queue the queue the job is on
 */
public record JobAccepted(String jobId, Dispatched.Outcome outcome, String queue) {

	/** 202 with a Location to follow the job, whatever became of the request. */
	public static ResponseEntity<JobAccepted> response(Dispatched dispatched) {
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.location(URI.create("/api/jobs/" + dispatched.jobId()))
			.body(new JobAccepted(dispatched.jobId().toString(), dispatched.outcome(), dispatched.queue().name()));
	}

}
