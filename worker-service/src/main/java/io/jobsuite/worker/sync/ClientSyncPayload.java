package io.jobsuite.worker.sync;

/** Which client to sync. */
public record ClientSyncPayload(long clientId) {
}
