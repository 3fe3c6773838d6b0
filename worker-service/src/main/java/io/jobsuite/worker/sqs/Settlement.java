package io.jobsuite.worker.sqs;

import java.time.Duration;
import java.util.List;

/** What becomes of a received message once its job was looked at. */
sealed interface Settlement {

	/**
	 * Whether the message is gone from the queue afterwards (FIFO groups only move on
	 * past those).
	 */
	default boolean removesMessage() {
		return false;
	}

	/** Delete it: the job finished, or the message was a duplicate of a finished job. */
	record Delete() implements Settlement {
		@Override
		public boolean removesMessage() {
			return true;
		}
	}

	/**
	 * Move it to the dead-letter queue with a reason, then delete it; malformed when it
	 * is not a job at all.
	 */
	record DeadLetter(String reason, boolean malformed) implements Settlement {
		@Override
		public boolean removesMessage() {
			return true;
		}
	}

	/**
	 * Hide it for a while: a retry's backoff, or a duplicate of a job another worker
	 * holds.
	 */
	record Defer(Duration delay) implements Settlement {
	}

	/**
	 * Delete it after sending a copy that shows up after the delay: a job waiting for its
	 * overlap lock.
	 */
	record Resend(Duration delay) implements Settlement {
		@Override
		public boolean removesMessage() {
			return true;
		}
	}

	/**
	 * Delete a bundle once each of its parts that is not done went on as a message of its
	 * own, as the part's settlement says.
	 */
	record Split(List<Part> parts) implements Settlement {
		@Override
		public boolean removesMessage() {
			return true;
		}
	}

	/**
	 * One job of a bundle (or an entry that is not a job): its own envelope and what
	 * becomes of it.
	 */
	record Part(String body, Settlement settlement) {
	}

	/**
	 * Leave it alone: this worker lost its lease, and the newer attempt settles the
	 * message (a job of a bundle goes on as a message of its own after a visibility
	 * timeout instead).
	 */
	record Leave() implements Settlement {
	}

}
