package io.jobsuite.api.clients;

import io.swagger.v3.oas.annotations.Operation;

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
 * follow. A sync already queued answers instead (a queued scheduled sync is promoted to
 * the express queue); a running one gets one follow-up.
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
	@Operation(summary = "Sync Now",
			description = "Syncs the client on the express queue. A sync already queued answers (promoted to "
					+ "express). A sync already RUNNING began before the caller's change: the answer is its one "
					+ "follow-up, which runs on the express queue once the running sync ended (covers FOLLOW_UP, "
					+ "with runningJobId and followUpJobId); any number of presses during one run share it.")
	ResponseEntity<SyncNowAccepted> syncNow(@PathVariable long clientId, Authentication caller) {
		return syncNow.request(clientId, caller).response();
	}

}
