package io.jobsuite.worker.sync;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.jobsuite.model.JobType;
import io.jobsuite.model.JobTypes;
import io.jobsuite.worker.handler.JobContext;
import io.jobsuite.worker.handler.JobHandler;
import io.jobsuite.worker.handler.PermanentJobFailure;
import io.jobsuite.worker.limit.Limits;
import io.jobsuite.worker.sync.ClientSource.SourceRecord;

import org.springframework.stereotype.Component;

/**
 * Syncs one client: fetch its records from its source, upsert them, move its next-due
 * time.
 */
@Component
class ClientSyncHandler implements JobHandler<ClientSyncPayload, ClientSyncResult> {

	private final ClientSource source;

	private final ClientSyncStore store;

	private final Limits limits;

	private final Clock clock;

	ClientSyncHandler(ClientSource source, ClientSyncStore store, Limits limits, Clock clock) {
		this.source = source;
		this.store = store;
		this.limits = limits;
		this.clock = clock;
	}

	@Override
	public JobType type() {
		return JobTypes.CLIENT_SYNC;
	}

	@Override
	public Class<ClientSyncPayload> payloadType() {
		return ClientSyncPayload.class;
	}

	@Override
	public ClientSyncResult handle(ClientSyncPayload payload, JobContext context) {
		Instant start = clock.instant();
		String url = store.sourceUrlOf(payload.clientId())
			.orElseThrow(() -> new PermanentJobFailure("No client " + payload.clientId()));
		int[] pages = { 1 };
		// Many clients share a source host: the host's limit, shared by every worker,
		// keeps them from overrunning it, and its push-backs make the job wait.
		List<SourceRecord> records = limits.upstream(context, URI.create(url).getHost(),
				() -> source.fetch(url, (pagesSoFar, recordsSoFar) -> {
					// How many pages follow is unknown: each one moves the bar part of
					// the
					// way left to the fetch's half, so that it moves and never passes it.
					pages[0] = pagesSoFar + 1;
					context.reportProgress(0.5 * pagesSoFar / (pagesSoFar + 1),
							"Fetched page " + pagesSoFar + " (" + recordsSoFar + " records so far)");
					// Between pages is where a cancelled sync stops (an interrupted fetch
					// stops too).
					context.checkCancelled();
				}));
		String fetched = "Fetched " + pages[0] + (pages[0] == 1 ? " page" : " pages");
		// Fetching is the first half of the work, writing the records the second.
		context.reportProgress(0.5, fetched + " (" + records.size() + " records)");
		// Written only while this attempt holds its lease, in the transaction that checks
		// it.
		context.fenced(() -> store.save(payload.clientId(), context.jobId(), records));
		context.reportProgress(1, fetched + ", saved " + records.size() + " records");
		return new ClientSyncResult(records.size(), records.size(), clock.millis() - start.toEpochMilli());
	}

}
