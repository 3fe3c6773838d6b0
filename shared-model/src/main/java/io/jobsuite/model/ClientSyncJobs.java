package io.jobsuite.model;

/**
 * The shape of a client sync, shared by the scheduled scan and Sync Now so that they
 * share one unique key.
 */
public final class ClientSyncJobs {

	private ClientSyncJobs() {
	}

	/**
	 * A scheduled sync: standard queue, one active per client, and never two running at
	 * once (the overlap lock is what a follow-up waits on).
	 */
	public static NewJob scheduled(long clientId) {
		return NewJob.of(JobTypes.CLIENT_SYNC, "{\"clientId\":" + clientId + "}")
			.forClient(clientId)
			.uniqueBy(uniqueKeyOf(clientId))
			.withoutOverlapping(uniqueKeyOf(clientId));
	}

	/**
	 * A Sync Now: the express queue; a queued scheduled sync of the client is promoted
	 * instead.
	 */
	public static NewJob now(long clientId) {
		return scheduled(clientId).onQueue(QueueKind.EXPRESS);
	}

	/**
	 * The sync that a Sync Now pressed while the client's sync runs asks for: express,
	 * and one active per client under a key of its own, so that any number of presses
	 * during a run make one. It waits for the running sync's overlap lock (free waiting),
	 * so it starts once that run ended, or once its lease expired if its worker died.
	 */
	public static NewJob followUp(long clientId) {
		return now(clientId).uniqueBy(followUpKeyOf(clientId));
	}

	/** The unique key of a client's pending follow-up sync. */
	public static String followUpKeyOf(long clientId) {
		return uniqueKeyOf(clientId) + ":follow-up";
	}

	/** The unique key every sync of a client shares. */
	public static String uniqueKeyOf(long clientId) {
		return "client-sync:" + clientId;
	}

}
