package io.jobsuite.api.clients;

import java.net.URI;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jobsuite.model.dispatch.Dispatched;
import io.swagger.v3.oas.annotations.media.Schema;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The answer to a Sync Now: the job that will cover the caller's change. While the
 * client's sync runs (it began before the change), that is a follow-up that runs on the
 * express queue once the running one ended; both ids are given.
 *
 * @param jobId the job that covers the change: follow it at {@code GET /api/jobs/{jobId}}
 * @param outcome what became of the request for that job: CREATED, EXISTING or PROMOTED
 * @param queue the queue that job is on
 * @param covers JOB when {@code jobId} is a sync that has not started yet; FOLLOW_UP when
 * the client's sync was running and {@code jobId} is its follow-up
 * @param runningJobId the sync that was running (FOLLOW_UP only)
 * @param followUpJobId the follow-up, the same as {@code jobId} (FOLLOW_UP only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "The job that covers the caller's change. A Sync Now while the client's sync RUNS records one "
		+ "follow-up (any number of presses during the run share it) that runs on the express queue once the "
		+ "running sync ended: then covers is FOLLOW_UP and both runningJobId and followUpJobId are given.")
public record SyncNowAccepted(String jobId, Dispatched.Outcome outcome, String queue, @Schema(allowableValues = {
		"JOB", "FOLLOW_UP" }) String covers,
		@Schema(nullable = true, description = "The sync that was running (covers FOLLOW_UP only)") String runningJobId,
		@Schema(nullable = true,
				description = "The follow-up that covers the change (covers FOLLOW_UP only)") String followUpJobId){

	static SyncNowAccepted of(Dispatched sync) {
		return new SyncNowAccepted(sync.jobId().toString(), sync.outcome(), sync.queue().name(), "JOB", null, null);
	}

	static SyncNowAccepted followUp(Dispatched running, Dispatched followUp) {
		String id = followUp.jobId().toString();
		return new SyncNowAccepted(id, followUp.outcome(), followUp.queue().name(), "FOLLOW_UP",
				running.jobId().toString(), id);
	}

	/** 202 with a Location to follow the job that covers the change. */
	ResponseEntity<SyncNowAccepted> response() {
		return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/api/jobs/" + jobId)).body(this);
	}

}
