package io.jobsuite.worker.lease;

import java.time.Duration;
import java.time.Instant;

import io.jobsuite.model.store.ClaimedJob;

/**
 * One claimed job on this worker, from its claim to its end: the thread of its handler
 * while it runs, and the local deadline before which its lease surely holds (the start of
 * the last request that renewed it, plus the lease). Start, end and stop are
 * synchronized, so that an interrupt never reaches a thread that moved on to another job.
 */
public final class Run {

	private final ClaimedJob job;

	private Instant deadline;

	private Thread thread;

	private boolean ended;

	private Stop stop;

	private Instant cancelledAt;

	private Duration waitFor;

	Run(ClaimedJob job, Instant deadline) {
		this.job = job;
		this.deadline = deadline;
	}

	/**
	 * Why a run was told to stop, weakest first: a later reason overrides an earlier one
	 * only if it is stronger.
	 */
	public enum Stop {

		/** The worker is shutting down and its grace is over: the job is given back. */
		SHUTDOWN,

		/**
		 * Its job's cancel was requested: it ends CANCELLED, whatever its handler
		 * returns.
		 */
		CANCELLED,

		/**
		 * Its lease could not be proven (renewals failed, or a newer claim owns the job):
		 * it must not write, and is abandoned.
		 */
		FENCED

	}

	public ClaimedJob job() {
		return job;
	}

	/**
	 * The handler is about to run on the current thread; false when it must not start (it
	 * was stopped while it waited for a thread).
	 */
	public synchronized boolean start() {
		if (stop != null) {
			return false;
		}
		thread = Thread.currentThread();
		return true;
	}

	/** The handler returned: from now on nothing interrupts this thread for this job. */
	public synchronized void end() {
		thread = null;
		ended = true;
	}

	/** Why it was stopped, or null if it was not. */
	public synchronized Stop stopped() {
		return stop;
	}

	synchronized boolean running() {
		return thread != null;
	}

	synchronized boolean ended() {
		return ended;
	}

	synchronized Instant deadline() {
		return deadline;
	}

	synchronized void renewed(Instant until) {
		if (until.isAfter(deadline)) {
			deadline = until;
		}
	}

	/** Whether its job's cancel was requested: the handler should stop. */
	public synchronized boolean cancelRequested() {
		return cancelledAt != null;
	}

	/**
	 * Its job's cancel was requested, as the renewal that started at {@code at} found.
	 */
	synchronized void cancel(Instant at) {
		if (cancelledAt == null) {
			cancelledAt = at;
		}
		stop(Stop.CANCELLED);
	}

	/**
	 * Whether its handler still runs {@code grace} after its cancel was found: then it is
	 * abandoned like a run whose lease is lost.
	 */
	synchronized boolean ignoredCancel(Instant now, Duration grace) {
		return stop == Stop.CANCELLED && thread != null && !now.isBefore(cancelledAt.plus(grace));
	}

	/**
	 * Whether its lease is still renewed: not once it was abandoned after a cancel, so
	 * that the lease expires and the next claim cancels the job.
	 */
	synchronized boolean renewable() {
		return cancelledAt == null || stop != Stop.FENCED;
	}

	/**
	 * The handler asked to wait (for a permit, an upstream's Retry-After): the claim is
	 * given back uncounted and the job runs again after {@code retryIn}.
	 */
	public synchronized void mustWait(Duration retryIn) {
		waitFor = retryIn;
	}

	/** How long the handler asked to wait, or null when it did not. */
	public synchronized Duration waitFor() {
		return waitFor;
	}

	/** Its lease is gone (a fenced write found it so): the run stops and is abandoned. */
	public void fence() {
		stop(Stop.FENCED);
	}

	/**
	 * Stops the run: interrupts its handler if it runs; a run not yet started never will.
	 */
	synchronized void stop(Stop why) {
		if (stop == null || why.compareTo(stop) > 0) {
			stop = why;
		}
		if (thread != null) {
			thread.interrupt();
		}
	}

}
