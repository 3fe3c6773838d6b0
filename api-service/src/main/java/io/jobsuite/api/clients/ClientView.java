package io.jobsuite.api.clients;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A client as the API shows it.
 *
 * @param id the client
 * @param name its name
 * @param owner the user who may sync it
 * @param syncIntervalMinutes how often the scheduled scan syncs it
 * @param nextDueAt when the scan syncs it next
 * @param lastSyncedAt when a sync last finished
 * @param lastSyncJobId the job of that sync
 */
public record ClientView(long id, String name, String owner, int syncIntervalMinutes, Instant nextDueAt,
		Instant lastSyncedAt, String lastSyncJobId) {

	public static ClientView of(Client client) {
		return new ClientView(client.getId(), client.getName(), client.getOwner(), client.getSyncIntervalMinutes(),
				client.getNextDueAt() == null ? null : client.getNextDueAt().toInstant(ZoneOffset.UTC),
				client.getLastSyncedAt() == null ? null : client.getLastSyncedAt().toInstant(ZoneOffset.UTC),
				client.getLastSyncJobId());
	}

}
