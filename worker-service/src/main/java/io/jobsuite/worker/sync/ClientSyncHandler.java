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
		// Many clients share a source host: the host's limit, shared by every worker,
		// keeps them from overrunning it, and its push-backs make the job wait.
		List<SourceRecord> records = limits.upstream(context, URI.create(url).getHost(), () -> source.fetch(url));
		// The source answers in one page: fetching it is the first half of the work,
		// writing its records the second.
		context.reportProgress(0.5, "Fetched 1 page (" + records.size() + " records)");
		// Written only while this attempt holds its lease, in the transaction that checks
		// it.
		context.fenced(() -> store.save(payload.clientId(), context.jobId(), records));
		context.reportProgress(1, "Fetched 1 page, saved " + records.size() + " records");
		return new ClientSyncResult(records.size(), records.size(), clock.millis() - start.toEpochMilli());
	}

}
