package io.jobsuite.worker.sqs;

import java.util.Map;

import io.jobsuite.model.QueueKind;
import io.jobsuite.model.queue.DeadLetterAttributes;
import io.jobsuite.model.queue.QueueUrls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * Moves a message to its queue's dead-letter queue at once, with the reason as an
 * attribute. Used for messages that can never be processed and for jobs out of attempts;
 * SQS redrive stays the safety net for crashes.
 */
@Component
class DeadLetters {

	private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

	private final SqsAsyncClient sqs;

	private final QueueUrls queueUrls;

	DeadLetters(SqsAsyncClient sqs, QueueUrls queueUrls) {
		this.sqs = sqs;
		this.queueUrls = queueUrls;
	}

	/**
	 * Sends {@code body} (the message's own, or one job of a bundle) to the DLQ, naming
	 * the message it came from, and answers once SQS confirmed it; throws if it could
	 * not.
	 */
	void send(QueueKind queue, Message<String> message, String body, String reason) {
		String messageId = Delivery.messageId(message);
		String deadBody = body == null || body.isEmpty() ? "(empty)" : body;
		String trimmedReason = reason.length() > 1_000 ? reason.substring(0, 1_000) : reason;
		sqs.sendMessage(r -> r.queueUrl(queueUrls.deadLetterOf(queue))
			.messageBody(deadBody)
			.messageGroupId(queue.isFifo() ? groupOrDefault(message) : null)
			.messageDeduplicationId(queue.isFifo() ? messageId : null)
			.messageAttributes(Map.of(DeadLetterAttributes.REASON, text(trimmedReason),
					DeadLetterAttributes.SOURCE_MESSAGE_ID, text(messageId))))
			.join();
		log.warn("Moved message {} from the {} queue to its dead-letter queue: {}", messageId, queue, trimmedReason);
	}

	private static String groupOrDefault(Message<String> message) {
		String group = Delivery.messageGroupOf(message);
		return group != null ? group : "dead-letters";
	}

	private static MessageAttributeValue text(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

}
