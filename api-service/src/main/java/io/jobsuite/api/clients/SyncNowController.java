package io.jobsuite.api.clients;

import io.jobsuite.api.jobs.JobAccepted;

import org.springframework.data.domain.Page;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sync Now: a client sync on the express queue, answered at once with 202 and the job to
 * follow. A sync already queued or running answers instead; a queued scheduled sync is
 * promoted to the express queue.
 */
@RestController
class SyncNowController {

	private final SyncNow syncNow;

	private final ClientAccess access;

	SyncNowController(SyncNow syncNow, ClientAccess access) {
		this.syncNow = syncNow;
		this.access = access;
	}

	/** The caller's clients (ops: all), by id. */
	@GetMapping("/api/clients")
	Page<ClientView> clients(Authentication caller, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		return access.visibleClients(caller, page, size);
	}

	@PostMapping("/api/clients/{clientId}/sync")
	@ResponseStatus(HttpStatus.ACCEPTED)
	ResponseEntity<JobAccepted> syncNow(@PathVariable long clientId, Authentication caller) {
		return JobAccepted.response(syncNow.request(clientId, caller));
	}

}
