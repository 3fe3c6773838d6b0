package io.jobsuite.api.clients;

import java.time.Duration;

import io.jobsuite.api.web.ProblemException;
import io.jobsuite.model.ClientSyncJobs;
import io.jobsuite.model.dispatch.Dispatched;
import io.jobsuite.model.dispatch.JobDispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;

/**
 * Sync Now for the API and the pages alike: only the caller's own clients (ops: any),
 * rate-limited per client, a client sync on the express queue (a queued scheduled sync is
 * promoted instead).
 */
@Service
public class SyncNow {

	private static final Logger log = LoggerFactory.getLogger(SyncNow.class);

	private final ClientAccess access;

	private final SyncNowLimits limits;

	private final JobDispatcher dispatcher;

	SyncNow(ClientAccess access, SyncNowLimits limits, JobDispatcher dispatcher) {
		this.access = access;
		this.limits = limits;
		this.dispatcher = dispatcher;
	}

	/**
	 * Dispatches the sync; 404 for a client the caller may not see, 429 with a retry
	 * delay when too often.
	 */
	public Dispatched request(long clientId, Authentication caller) {
		access.visibleClient(clientId, caller);
		Duration retryAfter = limits.tryAcquire(clientId).orElse(null);
		if (retryAfter != null) {
			throw ProblemException.tooManyRequests("Sync Now for client " + clientId + " is limited; try again in "
					+ ProblemException.wholeSeconds(retryAfter) + " s", retryAfter);
		}
		Dispatched dispatched = dispatcher.dispatch(ClientSyncJobs.now(clientId));
		log.atInfo()
			.addKeyValue("jobId", dispatched.jobId())
			.addKeyValue("clientId", clientId)
			.log("Sync Now by {}: job {} {}", caller.getName(), dispatched.jobId(), dispatched.outcome());
		return dispatched;
	}

}
