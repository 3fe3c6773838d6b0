package io.jobsuite.worker.lease;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.jobsuite.model.QueueKind;
import io.jobsuite.model.queue.QueueUrls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;

import org.springframework.messaging.Message;

/**
 * The messages this worker holds until they are settled, kept invisible with every
 * heartbeat so that no other worker receives them while their jobs run here. Waiting
 * never happens here: a job that must wait gives its message up (see the settlements), so
 * a held message only adds receives when its worker dies.
 */
public class HeldMessages {

	private static final Logger log = LoggerFactory.getLogger(HeldMessages.class);

	private final Map<String, Held> held = new ConcurrentHashMap<>();

	private final SqsAsyncClient sqs;

	private final QueueUrls queueUrls;

	private final Duration visibility;

	public HeldMessages(SqsAsyncClient sqs, QueueUrls queueUrls, Duration visibility) {
		this.sqs = sqs;
		this.queueUrls = queueUrls;
		this.visibility = visibility;
	}

	public void hold(QueueKind queue, List<Message<String>> messages) {
		messages.forEach(message -> held.put(receiptOf(message), new Held(queue, message)));
	}

	public void release(List<Message<String>> messages) {
		messages.forEach(message -> held.remove(receiptOf(message)));
	}

	/** Extends the visibility of every held message, ten to a request. */
	public void extend() {
		Map<QueueKind, List<Held>> byQueue = held.values().stream().collect(Collectors.groupingBy(Held::queue));
		byQueue.forEach((queue, messages) -> {
			for (int from = 0; from < messages.size(); from += 10) {
				List<ChangeMessageVisibilityBatchRequestEntry> batch = new ArrayList<>();
				for (int i = from; i < Math.min(from + 10, messages.size()); i++) {
					batch.add(ChangeMessageVisibilityBatchRequestEntry.builder()
						.id(Integer.toString(i))
						.receiptHandle(receiptOf(messages.get(i).message()))
						.visibilityTimeout((int) visibility.toSeconds())
						.build());
				}
				try {
					sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queueUrls.of(queue)).entries(batch))
						.get(visibility.toMillis() / 3, TimeUnit.MILLISECONDS);
				}
				catch (Exception ex) {
					log.warn("Could not extend the visibility of {} messages on the {} queue: {}", batch.size(), queue,
							ex.toString());
				}
			}
		});
	}

	public static String receiptOf(Message<?> message) {
		return String.valueOf(message.getHeaders().get(SqsHeaders.SQS_RECEIPT_HANDLE_HEADER));
	}

	private record Held(QueueKind queue, Message<String> message) {
	}

}
