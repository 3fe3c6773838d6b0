package io.jobsuite.api.queues;

import java.time.Instant;

import io.jobsuite.model.QueueKind;

/**
 * One queue's numbers at one poll; NaN until the first poll succeeds.
 *
 * @param queue the queue
 * @param visible messages waiting to be received
 * @param inFlight messages received and not yet deleted (jobs running, or deferred)
 * @param delayed messages sent with a delay that has not passed
 * @param deadLetters messages on the queue's dead-letter queue
 * @param oldestWaitingSeconds how long the oldest runnable job has waited to start
 * @param polledAt when these were read
 */
public record QueueDepth(QueueKind queue, double visible, double inFlight, double delayed, double deadLetters,
		double oldestWaitingSeconds, Instant polledAt) {

	static QueueDepth unknown(QueueKind queue) {
		return new QueueDepth(queue, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null);
	}

}
