package io.jobsuite.api.clients;

import java.time.Duration;

import io.jobsuite.api.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;

/**
 * Sync Now for the API and the pages alike: only the caller's own clients (ops: any),
 * rate-limited per client, then {@link SyncRequests}: a client sync on the express queue
 * (a queued scheduled sync is promoted instead; a running one gets one follow-up).
 */
@Service
public class SyncNow {

	private static final Logger log = LoggerFactory.getLogger(SyncNow.class);

	private final ClientAccess access;

	private final SyncNowLimits limits;

	private final SyncRequests requests;

	SyncNow(ClientAccess access, SyncNowLimits limits, SyncRequests requests) {
		this.access = access;
		this.limits = limits;
		this.requests = requests;
	}

	/**
	 * Dispatches the sync; 404 for a client the caller may not see, 429 with a retry
	 * delay when too often.
	 */
	public SyncNowAccepted request(long clientId, Authentication caller) {
		access.visibleClient(clientId, caller);
		Duration retryAfter = limits.tryAcquire(clientId).orElse(null);
		if (retryAfter != null) {
			throw ProblemException.tooManyRequests("Sync Now for client " + clientId + " is limited; try again in "
					+ ProblemException.wholeSeconds(retryAfter) + " s", retryAfter);
		}
		SyncNowAccepted accepted = requests.request(clientId);
		log.atInfo()
			.addKeyValue("jobId", accepted.jobId())
			.addKeyValue("clientId", clientId)
			.log("Sync Now by {}: job {} {} (covers {})", caller.getName(), accepted.jobId(), accepted.outcome(),
					accepted.covers());
		return accepted;
	}

}
