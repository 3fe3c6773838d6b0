package io.jobsuite.worker.run;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.jobsuite.model.QueueKind;
import io.jobsuite.model.store.ClaimedJob;
import io.jobsuite.model.store.JobTransitions;
import io.jobsuite.worker.WorkerProperties;
import io.jobsuite.worker.limit.Limits;
import io.jobsuite.worker.lock.OverlapLocks;
import io.jobsuite.worker.metrics.JobMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Claims that do not run (yet): WithoutOverlapping's lock, the permits of limits, and
 * claims given back. A claim given back does not count its attempt; on FIFO its row waits
 * unsent (parked) instead of its message waiting in the queue.
 */
@Component
class LockWaits {

	private static final Logger log = LoggerFactory.getLogger(LockWaits.class);

	private final OverlapLocks locks;

	private final Limits limits;

	private final JobTransitions transitions;

	private final JobMetrics metrics;

	private final Duration lease;

	private final Duration lockRecheck;

	private final Duration recheckAfter;

	private final Set<String> dropWhenLocked;

	LockWaits(OverlapLocks locks, Limits limits, JobTransitions transitions, JobMetrics metrics,
			WorkerProperties properties) {
		this.locks = locks;
		this.limits = limits;
		this.transitions = transitions;
		this.metrics = metrics;
		this.lease = properties.lease();
		this.lockRecheck = properties.lockRecheck();
		this.recheckAfter = properties.recheckAfter();
		this.dropWhenLocked = properties.dropWhenLocked();
	}

	/**
	 * Takes the overlap lock of a job just claimed; when another job holds it, gives the
	 * claim back uncounted and answers how the job waits (null: it may run).
	 */
	Outcome lockOrWait(QueueKind queue, ClaimedJob job) {
		try {
			if (job.overlapKey() == null || locks.acquire(job, lease)) {
				return null;
			}
			metrics.lockWait(job.type());
			if (dropWhenLocked.contains(job.type())) {
				String reason = "dropped: overlap key '" + job.overlapKey() + "' was held by another job";
				log.info("Job {} {}", job.id(), reason);
				return transitions.releaseAndCancel(job, reason) ? new Outcome.Dropped() : new Outcome.Abandoned();
			}
			return transitions.release(job, lockRecheck, queue.isFifo(), recheckAfter)
					? new Outcome.LockWait(lockRecheck) : new Outcome.Abandoned();
		}
		catch (RuntimeException ex) {
			// The claim stands until its lease expires; whoever takes the job over then
			// records the attempt as abandoned.
			log.warn("Job {} was claimed but its overlap lock could not be taken; it is taken over once its lease "
					+ "expires: {}", job.id(), ex.toString());
			return new Outcome.Abandoned();
		}
	}

	/**
	 * Takes the permit of the job's type, if its type has a limit; when none is free,
	 * gives the claim (and its lock) back uncounted and answers how the job waits (null:
	 * it may run).
	 */
	Outcome permitOrWait(QueueKind queue, ClaimedJob job) {
		try {
			Duration wait = limits.typePermit(job);
			return wait == null ? null : waitFor(queue, job, wait);
		}
		catch (RuntimeException ex) {
			log.warn("Job {} was claimed but its type's permit could not be taken; it is taken over once its lease "
					+ "expires: {}", job.id(), ex.toString());
			limits.release(List.of(job));
			return new Outcome.Abandoned();
		}
	}

	/**
	 * Gives back a claim that must wait (for a permit, for an upstream's Retry-After)
	 * uncounted, with its permits and lock, to run again after {@code wait}.
	 */
	Outcome waitFor(QueueKind queue, ClaimedJob job, Duration wait) {
		try {
			limits.release(List.of(job));
			locks.release(List.of(job));
			return transitions.release(job, wait, queue.isFifo(), recheckAfter) ? new Outcome.LimitWait(wait)
					: new Outcome.Abandoned();
		}
		catch (RuntimeException ex) {
			log.warn("Could not give back job {} to wait; it is taken over once its lease expires: {}", job.id(),
					ex.toString());
			return new Outcome.Abandoned();
		}
	}

	/** Frees the permits of jobs that ended; a failure leaves them to their lease. */
	void releasePermits(List<ClaimedJob> jobs) {
		limits.release(jobs);
	}

	/**
	 * Gives back a claim whose handler stopped for shutdown, for another worker to run
	 * now.
	 */
	Outcome giveBack(QueueKind queue, ClaimedJob job) {
		try {
			boolean released = transitions.release(job, Duration.ZERO, queue.isFifo(), recheckAfter);
			locks.release(List.of(job));
			if (released) {
				log.info("Released job {} attempt {} unfinished", job.id(), job.attempt());
				return new Outcome.GivenBack();
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not release job {}; its lease expires at the latest after {}: {}", job.id(), lease,
					ex.toString());
		}
		return new Outcome.Abandoned();
	}

	/**
	 * Releases the locks of jobs whose results were written. A failure only delays the
	 * next job of a key until the lock's expiry: the results stand.
	 */
	void release(List<ClaimedJob> jobs) {
		try {
			locks.release(jobs);
		}
		catch (RuntimeException ex) {
			log.warn("Could not release the overlap locks of {} jobs; they expire after {}: {}", jobs.size(), lease,
					ex.toString());
		}
	}

}
