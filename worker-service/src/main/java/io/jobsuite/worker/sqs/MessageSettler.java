package io.jobsuite.worker.sqs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.jobsuite.model.QueueKind;
import io.jobsuite.model.queue.QueueUrls;
import io.jobsuite.worker.lease.HeldMessages;
import io.jobsuite.worker.metrics.JobMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;

import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * Carries out settlements on SQS: copies and dead letters first, then one delete per ten
 * messages. Deletes are ours rather than Spring Cloud AWS's acknowledgement, whose
 * batches in 4.0.2 fail as a whole when a message redelivered inside one batch appears
 * twice (awspring/spring-cloud-aws#1634): here entries are numbered, and an entry SQS
 * refuses costs only its own message, which comes back and meets its row.
 */
@Component
class MessageSettler {

	private static final Logger log = LoggerFactory.getLogger(MessageSettler.class);

	private final DeadLetters deadLetters;

	private final DelayedResend resend;

	private final SqsAsyncClient sqs;

	private final QueueUrls queueUrls;

	private final JobMetrics metrics;

	MessageSettler(DeadLetters deadLetters, DelayedResend resend, SqsAsyncClient sqs, QueueUrls queueUrls,
			JobMetrics metrics) {
		this.deadLetters = deadLetters;
		this.resend = resend;
		this.sqs = sqs;
		this.queueUrls = queueUrls;
		this.metrics = metrics;
	}

	void settle(QueueKind queue, Map<Message<String>, Settlement> settlements) {
		List<Message<String>> delete = new ArrayList<>();
		settlements.forEach((message, settlement) -> {
			try {
				sendOn(queue, message, message.getPayload(), settlement);
				delete.add(message);
			}
			catch (RuntimeException ex) {
				// One message that cannot be settled must not hold up the others; it
				// comes back by itself.
				log.warn("Could not settle message {} as {}; it returns after its visibility timeout: {}",
						Delivery.messageId(message), settlement, ex.toString());
			}
		});
		delete(queue, delete);
	}

	/**
	 * Sends on what must outlive the message: a copy, a dead letter, or a bundle's parts.
	 */
	private void sendOn(QueueKind queue, Message<String> message, String body, Settlement settlement) {
		if (settlement instanceof Settlement.Split split) {
			split.parts().forEach(part -> sendOn(queue, message, part.body(), part.settlement()));
		}
		else if (settlement instanceof Settlement.DeadLetter dead) {
			deadLetters.send(queue, message, body, dead.reason());
			metrics.deadLettered(queue, dead.malformed());
		}
		else if (settlement instanceof Settlement.Resend again) {
			resend.send(queue, Delivery.messageGroupOf(message), body, again.delay());
		}
	}

	/**
	 * Deletes without waiting for SQS's answer: the rows are already final, and the
	 * container polls again as soon as this batch returns (with ten messages in flight a
	 * worker has one poll at a time, so a wait here was a round trip added to every
	 * batch). A delete that fails or never completes costs only a redelivery that meets
	 * its finished row.
	 */
	private void delete(QueueKind queue, List<Message<String>> messages) {
		for (int from = 0; from < messages.size(); from += 10) {
			List<Message<String>> chunk = messages.subList(from, Math.min(from + 10, messages.size()));
			List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
			for (int i = 0; i < chunk.size(); i++) {
				entries.add(DeleteMessageBatchRequestEntry.builder()
					.id(Integer.toString(i))
					.receiptHandle(HeldMessages.receiptOf(chunk.get(i)))
					.build());
			}
			sqs.deleteMessageBatch(r -> r.queueUrl(queueUrls.of(queue)).entries(entries))
				.whenComplete((response, ex) -> {
					if (ex != null) {
						log.warn(
								"Could not delete {} settled messages from the {} queue; they come back and meet their rows: {}",
								entries.size(), queue, ex.toString());
						return;
					}
					response.failed()
						.forEach(failed -> log.info(
								"SQS did not delete message {} ({}): it comes back and meets its row",
								Delivery.messageId(chunk.get(Integer.parseInt(failed.id()))), failed.message()));
				});
		}
	}

}
