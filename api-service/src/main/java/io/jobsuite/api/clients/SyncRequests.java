package io.jobsuite.api.clients;

import java.util.List;
import java.util.Map;

import io.jobsuite.model.ClientSyncJobs;
import io.jobsuite.model.JobStatus;
import io.jobsuite.model.dispatch.Dispatched;
import io.jobsuite.model.dispatch.JobDispatcher;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * What a Sync Now dispatches, once the caller passed its checks: a client sync on the
 * express queue (a queued one is promoted instead); while the client's sync runs, its one
 * follow-up ({@link ClientSyncJobs#followUp}), because the running sync began before the
 * caller's change. The unique keys make it one follow-up however many requests race.
 */
@Service
public class SyncRequests {

	private final JobDispatcher dispatcher;

	private final NamedParameterJdbcTemplate jdbc;

	SyncRequests(JobDispatcher dispatcher, NamedParameterJdbcTemplate jdbc) {
		this.dispatcher = dispatcher;
		this.jdbc = jdbc;
	}

	/** Dispatches a Sync Now of the client and answers the job that covers it. */
	public SyncNowAccepted request(long clientId) {
		Dispatched sync = dispatcher.dispatch(ClientSyncJobs.now(clientId));
		if (sync.outcome() != Dispatched.Outcome.EXISTING || !running(sync)) {
			return SyncNowAccepted.of(sync);
		}
		return SyncNowAccepted.followUp(sync, dispatcher.dispatch(ClientSyncJobs.followUp(clientId)));
	}

	/*
	 * A sync that ends right after this read still gets its follow-up: one sync too many,
	 * never one too few.
	 */
	private boolean running(Dispatched sync) {
		List<String> status = jdbc.queryForList("SELECT status FROM jobs WHERE id = :id",
				Map.of("id", sync.jobId().toString()), String.class);
		return status.contains(JobStatus.RUNNING.name());
	}

}
