package io.jobsuite.worker.sqs;

import java.time.Duration;
import java.util.List;

/**
 * What becomes of a received message once its jobs were looked at. Every settlement
 * removes the message from its queue: nothing waits in the queue, where each return
 * counts towards the redrive limit.
 */
public sealed interface Settlement {

	/** Delete it: the job finished, or the message was a duplicate of a finished job. */
	record Delete() implements Settlement {
	}

	/**
	 * Move it to the dead-letter queue with a reason, then delete it; malformed when it
	 * is not a job at all.
	 */
	record DeadLetter(String reason, boolean malformed) implements Settlement {
	}

	/**
	 * Send a copy that shows up after the delay, then delete it: a job that waits (retry
	 * backoff, overlap lock, a duplicate of a running job, a lease to be taken over).
	 */
	record Resend(Duration delay) implements Settlement {
	}

	/**
	 * Delete a bundle once each of its parts that is not done went on as a message of its
	 * own, as the part's settlement says.
	 */
	record Split(List<Part> parts) implements Settlement {
	}

	/**
	 * One job of a bundle (or an entry that is not a job): its own envelope and what
	 * becomes of it.
	 */
	record Part(String body, Settlement settlement) {
	}

}
