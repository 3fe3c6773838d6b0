package io.jobsuite.model.queue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import io.jobsuite.model.QueueKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Sends job messages in batches of ten. Standard and express batches go out in parallel; FIFO batches
 * one after another so that a group's messages reach the queue in dispatch order.
 */
public class JobMessageSender {

	static final int SQS_BATCH_LIMIT = 10;

	private static final Logger log = LoggerFactory.getLogger(JobMessageSender.class);

	private final SqsAsyncClient sqs;

	private final QueueUrls queueUrls;

	public JobMessageSender(SqsAsyncClient sqs, QueueUrls queueUrls) {
		this.sqs = sqs;
		this.queueUrls = queueUrls;
	}

	/**
	 * Sends what it can and returns the ids SQS confirmed. What is not confirmed stays unsent in the
	 * database, where the outbox relay finds it; this method never throws for a send failure.
	 */
	public Set<UUID> send(List<OutgoingMessage> messages) {
		Map<QueueKind, List<OutgoingMessage>> byQueue = messages.stream()
			.collect(Collectors.groupingBy(OutgoingMessage::queue));
		List<CompletableFuture<Set<UUID>>> parallel = new ArrayList<>();
		Set<UUID> sent = new HashSet<>();
		byQueue.forEach((queue, queued) -> {
			List<List<OutgoingMessage>> batches = partition(queued);
			if (queue.isFifo()) {
				sent.addAll(sendInOrder(queue, batches));
			}
			else {
				batches.forEach(batch -> parallel.add(sendBatch(queue, batch)));
			}
		});
		parallel.forEach(future -> sent.addAll(future.join()));
		return sent;
	}

	private Set<UUID> sendInOrder(QueueKind queue, List<List<OutgoingMessage>> batches) {
		Set<UUID> sent = new HashSet<>();
		Set<String> brokenGroups = new HashSet<>();
		for (List<OutgoingMessage> batch : batches) {
			// A group whose earlier message failed must not get a later one ahead of it.
			List<OutgoingMessage> sendable = batch.stream()
				.filter(m -> !brokenGroups.contains(m.messageGroup()))
				.toList();
			Set<UUID> confirmed = sendable.isEmpty() ? Set.of() : sendBatch(queue, sendable).join();
			sendable.stream()
				.filter(m -> !confirmed.contains(m.jobId()))
				.forEach(m -> brokenGroups.add(m.messageGroup()));
			sent.addAll(confirmed);
		}
		return sent;
	}

	private CompletableFuture<Set<UUID>> sendBatch(QueueKind queue, List<OutgoingMessage> batch) {
		String url;
		try {
			url = queueUrls.of(queue);
		}
		catch (RuntimeException ex) {
			log.warn("Queue {} unreachable, {} message(s) left to the outbox relay: {}", queue, batch.size(),
					ex.toString());
			return CompletableFuture.completedFuture(Set.of());
		}
		List<SendMessageBatchRequestEntry> entries = new ArrayList<>(batch.size());
		for (int i = 0; i < batch.size(); i++) {
			OutgoingMessage message = batch.get(i);
			entries.add(SendMessageBatchRequestEntry.builder()
				.id(Integer.toString(i))
				.messageBody(message.body())
				.messageGroupId(message.messageGroup())
				.messageDeduplicationId(queue.isFifo() ? message.deduplicationId() : null)
				.build());
		}
		return sqs.sendMessageBatch(r -> r.queueUrl(url).entries(entries))
			.thenApply(response -> confirmed(batch, response))
			.exceptionally(ex -> {
				log.warn("Sending {} message(s) to {} failed, left to the outbox relay: {}", batch.size(), queue,
						ex.toString());
				return Set.of();
			});
	}

	private static Set<UUID> confirmed(List<OutgoingMessage> batch, SendMessageBatchResponse response) {
		response.failed()
			.forEach(f -> log.warn("SQS refused job {}: {} {}", batch.get(Integer.parseInt(f.id())).jobId(), f.code(),
					f.message()));
		return response.successful()
			.stream()
			.map(s -> batch.get(Integer.parseInt(s.id())).jobId())
			.collect(Collectors.toSet());
	}

	static <T> List<List<T>> partition(List<T> items) {
		List<List<T>> batches = new ArrayList<>();
		for (int i = 0; i < items.size(); i += SQS_BATCH_LIMIT) {
			batches.add(items.subList(i, Math.min(items.size(), i + SQS_BATCH_LIMIT)));
		}
		return batches;
	}

}
