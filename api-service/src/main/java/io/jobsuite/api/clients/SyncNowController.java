package io.jobsuite.api.clients;

import io.jobsuite.api.jobs.JobAccepted;
import io.jobsuite.api.web.ProblemException;
import io.jobsuite.api.web.TraceIds;
import io.jobsuite.model.ClientSyncJobs;
import io.jobsuite.model.dispatch.JobDispatcher;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sync Now: a client sync on the express queue, answered at once with 202 and the job to follow. A sync
 * already queued or running answers instead; a queued scheduled sync is promoted to the express queue.
 */
@RestController
class SyncNowController {

	private final ClientRepository clients;

	private final JobDispatcher dispatcher;

	SyncNowController(ClientRepository clients, JobDispatcher dispatcher) {
		this.clients = clients;
		this.dispatcher = dispatcher;
	}

	@PostMapping("/api/clients/{clientId}/sync")
	ResponseEntity<JobAccepted> syncNow(@PathVariable long clientId) {
		if (!clients.existsById(clientId)) {
			throw ProblemException.notFound("client", clientId);
		}
		return JobAccepted.response(dispatcher.dispatch(ClientSyncJobs.now(clientId, TraceIds.current())));
	}

}
