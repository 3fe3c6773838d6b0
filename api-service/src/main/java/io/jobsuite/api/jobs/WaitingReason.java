package io.jobsuite.api.jobs;

import java.time.Instant;

/**
 * Why an active job is not running now, as its rows say. Rendered through
 * {@link Renderer}, which has one method per kind: Java 17 has no pattern switch, and
 * this keeps the same promise, a kind added here (waiting for a permit of an upstream,
 * for dependencies: see {@link WaitingCheck}) does not compile until every renderer (the
 * API, the job page) can say it.
 */
public sealed interface WaitingReason {

	<R> R render(Renderer<R> renderer);

	/** One method per kind of reason. */
	interface Renderer<R> {

		R forWorker(ForWorker reason);

		R delayed(Delayed reason);

		R inBackoff(InBackoff reason);

		R overlapLockHeld(OverlapLockHeld reason);

		R behindInGroup(BehindInGroup reason);

	}

	/**
	 * Due and free to run: waiting for a worker to receive its message.
	 *
	 * @param sent whether its message went out (if not, the outbox relay sends it)
	 * @param dueSince when it became due
	 */
	record ForWorker(boolean sent, Instant dueSince) implements WaitingReason {

		@Override
		public <R> R render(Renderer<R> renderer) {
			return renderer.forWorker(this);
		}

	}

	/**
	 * Asked to run later.
	 *
	 * @param until when it is due
	 */
	record Delayed(Instant until) implements WaitingReason {

		@Override
		public <R> R render(Renderer<R> renderer) {
			return renderer.delayed(this);
		}

	}

	/**
	 * An attempt failed; the next one waits out its backoff.
	 *
	 * @param until when the next attempt is due
	 * @param attemptsMade attempts so far
	 * @param maxAttempts attempts it may make
	 */
	record InBackoff(Instant until, int attemptsMade, int maxAttempts) implements WaitingReason {

		@Override
		public <R> R render(Renderer<R> renderer) {
			return renderer.inBackoff(this);
		}

	}

	/**
	 * Another job holds its overlap lock (WithoutOverlapping).
	 *
	 * @param lockKey the overlap key
	 * @param holderJobId the job that holds it
	 * @param until when the lock is released at the latest, if its holder stops renewing
	 */
	record OverlapLockHeld(String lockKey, String holderJobId, Instant until) implements WaitingReason {

		@Override
		public <R> R render(Renderer<R> renderer) {
			return renderer.overlapLockHeld(this);
		}

	}

	/**
	 * An older job of its FIFO group is not finished.
	 *
	 * @param group the message group
	 * @param headJobId the oldest unfinished job of the group
	 * @param headStatus that job's status
	 */
	record BehindInGroup(String group, String headJobId, String headStatus) implements WaitingReason {

		@Override
		public <R> R render(Renderer<R> renderer) {
			return renderer.behindInGroup(this);
		}

	}

}
