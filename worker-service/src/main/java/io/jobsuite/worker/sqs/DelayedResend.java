package io.jobsuite.worker.sqs;

import java.time.Duration;
import java.util.UUID;

import io.jobsuite.model.QueueKind;
import io.jobsuite.model.queue.QueueUrls;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.stereotype.Component;

/**
 * Puts a job back as a new message that becomes visible after a delay. Unlike a
 * visibility change this starts the copy's receive count at zero, so a job that waits
 * many times is never moved to the dead-letter queue by the redrive policy, which counts
 * receives. FIFO queues take no per-message delay: there the copy goes to the end of its
 * group at once, and the row keeps the order.
 */
@Component
class DelayedResend {

	/**
	 * The longest delay SQS allows on a message; a longer wait is looked at again then.
	 */
	static final Duration MAX_DELAY = Duration.ofMinutes(15);

	private final SqsAsyncClient sqs;

	private final QueueUrls queueUrls;

	DelayedResend(SqsAsyncClient sqs, QueueUrls queueUrls) {
		this.sqs = sqs;
		this.queueUrls = queueUrls;
	}

	/**
	 * Sends the copy and answers once SQS confirmed it; throws if it could not (the
	 * original then stays).
	 */
	void send(QueueKind queue, String group, String body, Duration delay) {
		Duration capped = delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
		sqs.sendMessage(r -> {
			r.queueUrl(queueUrls.of(queue)).messageBody(body);
			if (queue.isFifo()) {
				r.messageGroupId(group).messageDeduplicationId(UUID.randomUUID().toString());
			}
			else {
				r.delaySeconds((int) Math.max(0, (capped.toMillis() + 999) / 1000));
			}
		}).join();
	}

}
