package io.jobsuite.model.queue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import io.jobsuite.model.JobMessageCodec;
import io.jobsuite.model.QueueKind;
import io.jobsuite.model.trace.JobTracing;
import io.micrometer.tracing.Span;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Sends jobs in batches of ten messages. On the standard queue a message carries up to
 * {@code jobsPerMessage} jobs (a bundle): bulk work such as the scan then costs a tenth
 * of the sends, receives and deletes. Express messages carry one job each, so that every
 * Sync Now is received on its own, and so do FIFO messages, whose groups and
 * deduplication are per job. Standard and express batches go out in parallel; FIFO
 * batches one after another so that a group's messages reach the queue in dispatch order.
 * A message whose (first) job is traced gets a send span under the job's dispatch and
 * carries its context in the {@code traceparent} message attribute.
 */
public class JobMessageSender {

	static final int SQS_BATCH_LIMIT = 10;

	private static final Logger log = LoggerFactory.getLogger(JobMessageSender.class);

	private final SqsAsyncClient sqs;

	private final QueueUrls queueUrls;

	private final JobMessageCodec codec;

	private final int jobsPerMessage;

	private final JobTracing tracing;

	/**
	 * @param jobsPerMessage how many jobs a standard-queue message carries at most (1 to
	 * {@link JobMessageCodec#MAX_JOBS_PER_MESSAGE}; 1 sends every job on its own)
	 */
	public JobMessageSender(SqsAsyncClient sqs, QueueUrls queueUrls, JobMessageCodec codec, int jobsPerMessage,
			JobTracing tracing) {
		if (jobsPerMessage < 1 || jobsPerMessage > JobMessageCodec.MAX_JOBS_PER_MESSAGE) {
			throw new IllegalArgumentException("jobsPerMessage must be 1 to " + JobMessageCodec.MAX_JOBS_PER_MESSAGE);
		}
		this.sqs = sqs;
		this.queueUrls = queueUrls;
		this.codec = codec;
		this.jobsPerMessage = jobsPerMessage;
		this.tracing = tracing;
	}

	/**
	 * Sends what it can and returns the ids SQS confirmed. What is not confirmed stays
	 * unsent in the database, where the outbox relay finds it; this method never throws
	 * for a send failure.
	 */
	public Set<UUID> send(List<OutgoingJob> jobs) {
		Map<QueueKind, List<OutgoingJob>> byQueue = jobs.stream().collect(Collectors.groupingBy(OutgoingJob::queue));
		List<CompletableFuture<Set<UUID>>> parallel = new ArrayList<>();
		Set<UUID> sent = new HashSet<>();
		byQueue.forEach((queue, queued) -> {
			List<List<List<OutgoingJob>>> batches = partition(partition(queued, jobsPerMessageOn(queue)),
					SQS_BATCH_LIMIT);
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

	private int jobsPerMessageOn(QueueKind queue) {
		return queue == QueueKind.STANDARD ? jobsPerMessage : 1;
	}

	private Set<UUID> sendInOrder(QueueKind queue, List<List<List<OutgoingJob>>> batches) {
		Set<UUID> sent = new HashSet<>();
		Set<String> brokenGroups = new HashSet<>();
		for (List<List<OutgoingJob>> batch : batches) {
			// A group whose earlier message failed must not get a later one ahead of it.
			List<List<OutgoingJob>> sendable = batch.stream()
				.filter(m -> !brokenGroups.contains(m.get(0).messageGroup()))
				.toList();
			Set<UUID> confirmed = sendable.isEmpty() ? Set.of() : sendBatch(queue, sendable).join();
			sendable.stream()
				.filter(m -> !confirmed.contains(m.get(0).jobId()))
				.forEach(m -> brokenGroups.add(m.get(0).messageGroup()));
			sent.addAll(confirmed);
		}
		return sent;
	}

	/**
	 * One SendMessageBatch call; each entry is one message with the jobs of one inner
	 * list.
	 */
	private CompletableFuture<Set<UUID>> sendBatch(QueueKind queue, List<List<OutgoingJob>> batch) {
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
		List<Span> spans = new ArrayList<>(batch.size());
		for (int i = 0; i < batch.size(); i++) {
			List<OutgoingJob> message = batch.get(i);
			OutgoingJob first = message.get(0);
			SendMessageBatchRequestEntry.Builder entry = SendMessageBatchRequestEntry.builder()
				.id(Integer.toString(i))
				.messageBody(codec.write(message.stream().map(OutgoingJob::job).toList()))
				.messageGroupId(first.messageGroup())
				.messageDeduplicationId(queue.isFifo() ? first.deduplicationId() : null);
			if (first.traceParent() != null) {
				Span span = tracing.start("jobs send", Span.Kind.PRODUCER, first.traceParent())
					.tag("messaging.destination.name", queue.tag())
					.tag("job.id", first.jobId().toString());
				spans.add(span);
				String traceParent = tracing.traceParentOf(span);
				if (traceParent != null) {
					entry.messageAttributes(Map.of(JobTracing.TRACEPARENT,
							MessageAttributeValue.builder().dataType("String").stringValue(traceParent).build()));
				}
			}
			entries.add(entry.build());
		}
		return sqs.sendMessageBatch(r -> r.queueUrl(url).entries(entries))
			.thenApply(response -> confirmed(batch, response))
			.exceptionally(ex -> {
				log.warn("Sending {} message(s) to {} failed, left to the outbox relay: {}", batch.size(), queue,
						ex.toString());
				spans.forEach(span -> span.error(ex));
				return Set.of();
			})
			.whenComplete((sent, ex) -> spans.forEach(Span::end));
	}

	private static Set<UUID> confirmed(List<List<OutgoingJob>> batch, SendMessageBatchResponse response) {
		response.failed()
			.forEach(f -> log.warn("SQS refused job(s) {}: {} {}", jobIds(batch.get(Integer.parseInt(f.id()))),
					f.code(), f.message()));
		return response.successful()
			.stream()
			.flatMap(s -> batch.get(Integer.parseInt(s.id())).stream().map(OutgoingJob::jobId))
			.collect(Collectors.toSet());
	}

	private static List<UUID> jobIds(List<OutgoingJob> message) {
		return message.stream().map(OutgoingJob::jobId).toList();
	}

	static <T> List<List<T>> partition(List<T> items, int size) {
		List<List<T>> parts = new ArrayList<>();
		for (int i = 0; i < items.size(); i += size) {
			parts.add(items.subList(i, Math.min(items.size(), i + size)));
		}
		return parts;
	}

}
