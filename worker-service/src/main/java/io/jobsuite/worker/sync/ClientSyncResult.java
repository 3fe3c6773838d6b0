package io.jobsuite.worker.sync;

/**
 * What a sync did.
 *
 * @param fetched records the source returned
 * @param upserted records written (inserted, or updated in place)
 * @param durationMs how long fetch and write took
 */
public record ClientSyncResult(int fetched, int upserted, long durationMs) {
}
