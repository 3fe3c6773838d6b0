package io.jobsuite.worker.handler;

import java.util.function.Supplier;

import io.jobsuite.model.store.JobLeases;
import io.jobsuite.model.store.JobProgress;
import io.jobsuite.worker.lease.Run;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * The fence of one run: its local stop first, then the lease, checked and locked in the
 * database; and whether its job's cancel reached it.
 */
final class LeaseFence implements JobContext.Fence, JobContext.Progress, JobContext.Cancellation {

	private static final Logger log = LoggerFactory.getLogger(LeaseFence.class);

	private final Run run;

	private final JobLeases leases;

	private final JobProgress progress;

	private final TransactionTemplate transaction;

	LeaseFence(Run run, JobLeases leases, JobProgress progress, TransactionTemplate transaction) {
		this.run = run;
		this.leases = leases;
		this.progress = progress;
		this.transaction = transaction;
	}

	@Override
	public <T> T whileHeld(Supplier<T> work) {
		return transaction.execute(status -> {
			if (run.stopped() == Run.Stop.FENCED || !leases.holds(run.job())) {
				throw lost();
			}
			return work.get();
		});
	}

	/**
	 * Writes progress unthrottled: one UPDATE whose WHERE clause is the fence, so it
	 * needs no transaction of its own. A write the database could not take is dropped:
	 * progress is a display, and a failed write must not fail work that went well (only a
	 * lost lease stops the handler).
	 */
	@Override
	public void report(double fraction, String message) {
		if (run.stopped() == Run.Stop.FENCED) {
			throw lost();
		}
		boolean held;
		try {
			held = progress.report(run.job(), fraction, message);
		}
		catch (DataAccessException ex) {
			log.warn("Could not write the progress of job {}; dropped: {}", run.job().id(), ex.toString());
			return;
		}
		if (!held) {
			throw lost();
		}
	}

	@Override
	public boolean requested() {
		return run.cancelRequested();
	}

	private LeaseLostException lost() {
		// The attempt is abandoned, not failed: its handler stops, and whoever holds or
		// next takes the lease runs the job.
		run.fence();
		return new LeaseLostException("Job " + run.job().id() + " attempt " + run.job().attempt()
				+ " no longer holds its lease; nothing was written");
	}

}
