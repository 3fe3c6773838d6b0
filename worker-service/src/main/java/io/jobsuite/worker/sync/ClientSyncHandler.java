package io.jobsuite.worker.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.jobsuite.model.JobType;
import io.jobsuite.model.JobTypes;
import io.jobsuite.worker.handler.JobContext;
import io.jobsuite.worker.handler.JobHandler;
import io.jobsuite.worker.handler.PermanentJobFailure;
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

	private final Clock clock;

	ClientSyncHandler(ClientSource source, ClientSyncStore store, Clock clock) {
		this.source = source;
		this.store = store;
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
		List<SourceRecord> records = source.fetch(url);
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
