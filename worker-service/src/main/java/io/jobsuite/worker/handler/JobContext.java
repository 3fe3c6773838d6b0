package io.jobsuite.worker.handler;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * What a handler knows about the attempt it runs, and the fence for its side effects.
 *
 * @param jobId the job
 * @param type the job type name
 * @param attempt this attempt's number, from 1
 * @param clientId the client the job works for, or null
 * @param messageGroup the FIFO group, or null
 * @param traceId the trace id of the request that created the job
 * @param fence runs side effects only while this attempt holds its lease
 */
public record JobContext(UUID jobId, String type, int attempt, Long clientId, String messageGroup, String traceId,
		Fence fence) {

	/**
	 * Runs {@code work} in one transaction that first locks the job's row and checks that
	 * this attempt still holds its lease; throws {@link LeaseLostException} (and writes
	 * nothing) when it does not. A newer attempt then cannot start its writes until these
	 * are committed, and a stale attempt never overwrites a newer one's.
	 */
	public <T> T fenced(Supplier<T> work) {
		return fence.whileHeld(work);
	}

	/** {@link #fenced(Supplier)} for work without a result. */
	public void fenced(Runnable work) {
		fence.whileHeld(() -> {
			work.run();
			return null;
		});
	}

	/** Runs work while a lease holds. */
	public interface Fence {

		<T> T whileHeld(Supplier<T> work);

	}

}
