package io.jobsuite.model;

/**
 * The shape of a client sync, shared by the scheduled scan and Sync Now so that they
 * share one unique key.
 */
public final class ClientSyncJobs {

	private ClientSyncJobs() {
	}

	/** A scheduled sync: standard queue, one active per client. */
	public static NewJob scheduled(long clientId) {
		return NewJob.of(JobTypes.CLIENT_SYNC, "{\"clientId\":" + clientId + "}")
			.forClient(clientId)
			.uniqueBy(uniqueKeyOf(clientId));
	}

	/**
	 * A Sync Now: the express queue; a queued scheduled sync of the client is promoted
	 * instead.
	 */
	public static NewJob now(long clientId) {
		return scheduled(clientId).onQueue(QueueKind.EXPRESS);
	}

	/** The unique key every sync of a client shares. */
	public static String uniqueKeyOf(long clientId) {
		return "client-sync:" + clientId;
	}

}
