package io.jobsuite.api.jobs;

import java.time.Instant;

import io.jobsuite.api.jobs.WaitingReason.BehindInGroup;
import io.jobsuite.api.jobs.WaitingReason.Delayed;
import io.jobsuite.api.jobs.WaitingReason.ForWorker;
import io.jobsuite.api.jobs.WaitingReason.InBackoff;
import io.jobsuite.api.jobs.WaitingReason.OverlapLockHeld;

/**
 * Why a job is not running now, as the API and the job page show it.
 *
 * @param kind what it waits for: WORKER, DELAYED, BACKOFF, OVERLAP_LOCK, FIFO_GROUP
 * @param text the reason in words
 * @param until when the wait ends at the latest, if known
 * @param blockingJobId the job it waits for, if any (ops only)
 */
public record Waiting(String kind, String text, Instant until, String blockingJobId) {

	/**
	 * The reason rendered; {@code showJobIds} false (users) leaves out the ids of the
	 * jobs it waits for, which may be another owner's.
	 */
	static Waiting of(WaitingReason reason, boolean showJobIds) {
		return reason.render(new Words(showJobIds));
	}

	private record Words(boolean showJobIds) implements WaitingReason.Renderer<Waiting> {

		@Override
		public Waiting forWorker(ForWorker worker) {
			return new Waiting("WORKER", worker.sent()
					? "Waiting for a worker: due since " + worker.dueSince() + ", its message is queued"
					: "Waiting to be sent: due since " + worker.dueSince() + ", the outbox relay sends its message",
					null, null);
		}

		@Override
		public Waiting delayed(Delayed delayed) {
			return new Waiting("DELAYED", "Delayed until " + delayed.until(), delayed.until(), null);
		}

		@Override
		public Waiting inBackoff(InBackoff backoff) {
			return new Waiting("BACKOFF", "In backoff after attempt " + backoff.attemptsMade() + " of "
					+ backoff.maxAttempts() + ": the next attempt is due at " + backoff.until(), backoff.until(), null);
		}

		@Override
		public Waiting overlapLockHeld(OverlapLockHeld lock) {
			return new Waiting("OVERLAP_LOCK", "Overlap lock '" + lock.lockKey() + "' held by "
					+ job(lock.holderJobId()) + " until " + lock.until() + " at the latest", lock.until(),
					shownId(lock.holderJobId()));
		}

		@Override
		public Waiting behindInGroup(BehindInGroup group) {
			return new Waiting("FIFO_GROUP", "Behind " + job(group.headJobId()) + " (" + group.headStatus()
					+ ") in its FIFO group '" + group.group() + "'", null, shownId(group.headJobId()));
		}

		private String job(String id) {
			return showJobIds ? "job " + id : "another job";
		}

		private String shownId(String id) {
			return showJobIds ? id : null;
		}

	}

}
