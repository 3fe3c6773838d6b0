package io.jobsuite.worker.handler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.jobsuite.model.store.JobProgress;

/**
 * One attempt's progress reports, passed on at most once per {@link #INTERVAL}, counted
 * from the attempt's start: a handler may report per record without writing the job row
 * per record, and an attempt that ends within its first second (most syncs) writes none.
 * A report that comes too soon is held, and written by the next report past the interval
 * or by {@link #flush}.
 */
final class ThrottledProgress implements JobContext.Progress {

	/** At most one progress write a second per running job. */
	static final Duration INTERVAL = Duration.ofSeconds(1);

	private final Clock clock;

	private final JobContext.Progress write;

	private Instant lastWrite;

	private boolean written;

	private double heldFraction;

	private String heldMessage;

	private boolean held;

	/** Starts the attempt's first interval now. */
	ThrottledProgress(Clock clock, JobContext.Progress write) {
		this.clock = clock;
		this.write = write;
		this.lastWrite = clock.instant();
	}

	@Override
	public synchronized void report(double fraction, String message) {
		// Checked at every call, held or not: a wrong fraction fails where it was made.
		JobProgress.checkFraction(fraction);
		Instant now = clock.instant();
		if (now.isBefore(lastWrite.plus(INTERVAL))) {
			heldFraction = fraction;
			heldMessage = message;
			held = true;
			return;
		}
		writeNow(fraction, message, now);
	}

	/**
	 * Writes the held report when the handler is done, so that the row ends on its last
	 * word; an attempt that never wrote progress leaves the row without any.
	 */
	synchronized void flush() {
		if (held && written) {
			writeNow(heldFraction, heldMessage, clock.instant());
		}
	}

	private void writeNow(double fraction, String message, Instant now) {
		held = false;
		written = true;
		lastWrite = now;
		write.report(fraction, message);
	}

}
