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
 * @param traceId the id of the trace this run is in (32 hex digits; null when untraced)
 * @param fence runs side effects only while this attempt holds its lease
 * @param progress where {@link #reportProgress} goes
 * @param cancellation whether this job's cancel was requested
 */
public record JobContext(UUID jobId, String type, int attempt, Long clientId, String messageGroup, String traceId,
		Fence fence, Progress progress, Cancellation cancellation) {

	/**
	 * Whether this job's cancel was requested (the heartbeat finds it within one beat,
	 * and interrupts the handler's thread too). A handler that works in steps checks it
	 * between them; however it then ends, the job is CANCELLED and never retried.
	 */
	public boolean isCancelRequested() {
		return cancellation.requested();
	}

	/**
	 * Throws {@link JobCancelledException} when this job's cancel was requested: the
	 * shortest way out of a handler that checks between steps.
	 */
	public void checkCancelled() {
		if (isCancelRequested()) {
			throw new JobCancelledException("Job " + jobId + " attempt " + attempt + " was asked to cancel");
		}
	}

	/**
	 * Reports how far this attempt got, for the API and the admin's job page. Call it as
	 * often as is convenient: at most one report a second reaches the job row (none in
	 * the attempt's first second), and once one has, the last is written when the handler
	 * returns. A write is fenced like {@link #fenced}: it throws
	 * {@link LeaseLostException} when this attempt no longer holds its lease.
	 * @param fraction how much is done, from 0 to 1
	 * @param message a short note such as "page 3 of 10", or null
	 */
	public void reportProgress(double fraction, String message) {
		progress.report(fraction, message);
	}

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

	/** Takes an attempt's progress reports. */
	public interface Progress {

		void report(double fraction, String message);

	}

	/** Tells whether a job's cancel was requested. */
	public interface Cancellation {

		boolean requested();

	}

	/** Runs work while a lease holds. */
	public interface Fence {

		<T> T whileHeld(Supplier<T> work);

	}

}
