package io.jobsuite.worker.sqs;

import java.time.Duration;
import java.util.Map;

import io.jobsuite.model.JobMessage;

/** What becomes of a received message once its job was looked at. */
sealed interface Settlement {

	/** Whether the message is gone from the queue afterwards (FIFO groups only move on past those). */
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

	/** Move it to the dead-letter queue with a reason, then delete it; malformed when it is not a job at all. */
	record DeadLetter(String reason, boolean malformed) implements Settlement {
		@Override
		public boolean removesMessage() {
			return true;
		}
	}

	/** Hide it for a while: a retry's backoff, or a duplicate of a job another worker holds. */
	record Defer(Duration delay) implements Settlement {
	}

	/** Delete it after sending a copy that shows up after the delay: a job waiting for its overlap lock. */
	record Resend(Duration delay) implements Settlement {
	}

	/**
	 * Delete a bundle after each of its jobs listed here (those not simply done) went on as a message of
	 * its own, as its settlement says.
	 */
	record Split(Map<JobMessage, Settlement> jobs) implements Settlement {
		@Override
		public boolean removesMessage() {
			return true;
		}
	}

	/** Leave it alone: this worker lost its lease, and the newer attempt settles the message. */
	record Leave() implements Settlement {
	}

}
