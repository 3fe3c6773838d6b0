package io.jobsuite.worker.handler;

import java.util.function.Supplier;

import io.jobsuite.model.store.JobLeases;
import io.jobsuite.worker.lease.Run;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * The fence of one run: its local stop first, then the lease, checked and locked in the
 * database.
 */
final class LeaseFence implements JobContext.Fence {

	private final Run run;

	private final JobLeases leases;

	private final TransactionTemplate transaction;

	LeaseFence(Run run, JobLeases leases, TransactionTemplate transaction) {
		this.run = run;
		this.leases = leases;
		this.transaction = transaction;
	}

	@Override
	public <T> T whileHeld(Supplier<T> work) {
		return transaction.execute(status -> {
			if (run.stopped() == Run.Stop.FENCED || !leases.holds(run.job())) {
				// The attempt is abandoned, not failed: its handler stops, and whoever
				// holds or next takes the lease runs the job.
				run.fence();
				throw new LeaseLostException("Job " + run.job().id() + " attempt " + run.job().attempt()
						+ " no longer holds its lease; nothing was written");
			}
			return work.get();
		});
	}

}
