package io.jobsuite.api.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.jobsuite.model.JobMessage;
import io.jobsuite.model.JobMessageCodec;
import io.jobsuite.model.JobMessageCodec.Decoded;
import io.jobsuite.model.QueueKind;
import io.jobsuite.model.queue.DeadLetterAttributes;
import io.jobsuite.model.queue.QueueUrls;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import org.springframework.stereotype.Service;

/**
 * The dead-letter queues as ops see them: messages grouped by an error fingerprint, and
 * redrive of a group. Redriving a job's message retries the job if it FAILED (the row is
 * the truth), else sends the message back to its queue, and deletes the dead letter; a
 * message that is not a job (malformed) has nothing to retry and stays for inspection.
 */
@Service
public class DeadLetterQueues {

	private static final int MAX_SCAN = 1_000;

	private final SqsAsyncClient sqs;

	private final QueueUrls queueUrls;

	private final JobMessageCodec codec;

	private final JobRetries retries;

	DeadLetterQueues(SqsAsyncClient sqs, QueueUrls queueUrls, JobMessageCodec codec, JobRetries retries) {
		this.sqs = sqs;
		this.queueUrls = queueUrls;
		this.codec = codec;
		this.retries = retries;
	}

	/**
	 * Up to a thousand dead letters of a queue, grouped by fingerprint; they stay on the
	 * queue.
	 */
	public List<DeadLetterGroup> groups(QueueKind queue) {
		Map<String, DeadLetterGroup> groups = new LinkedHashMap<>();
		scan(queue, message -> {
			String reason = reasonOf(message);
			groups.merge(Fingerprints.of(reason),
					new DeadLetterGroup(Fingerprints.of(reason), reason, 1,
							jobIdsOf(message).stream().findFirst().map(UUID::toString).orElse(null)),
					DeadLetterGroup::plusOne);
			return false;
		});
		return new ArrayList<>(groups.values());
	}

	/**
	 * Redrives the dead letters of one fingerprint (or all, when null) and deletes them;
	 * answers how many jobs they carried. FAILED jobs are retried. A job that is not
	 * FAILED (its message was moved here by the redrive policy, say while its worker kept
	 * crashing) may still wait for this very message, so the message goes back to its
	 * queue as it was; the worker skips what is finished.
	 */
	public int redrive(QueueKind queue, String fingerprint) {
		int[] redriven = { 0 };
		scan(queue, message -> {
			if (fingerprint != null && !fingerprint.equals(Fingerprints.of(reasonOf(message)))) {
				return false;
			}
			List<UUID> carried = jobIdsOf(message);
			if (carried.isEmpty()) {
				return false;
			}
			if (retries.retry(carried).size() < carried.size()) {
				sendBack(queue, message);
			}
			redriven[0] += carried.size();
			return true;
		});
		return redriven[0];
	}

	private void sendBack(QueueKind queue, Message message) {
		String group = message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
		sqs.sendMessage(r -> r.queueUrl(queueUrls.of(queue))
			.messageBody(message.body())
			.messageGroupId(queue.isFifo() ? group : null)
			.messageDeduplicationId(queue.isFifo() ? UUID.randomUUID().toString() : null)).join();
	}

	/**
	 * Receives the DLQ's messages with a short visibility so that one pass sees each
	 * once; deletes those the visitor answers true for. The rest reappear after the
	 * visibility.
	 */
	private void scan(QueueKind queue, java.util.function.Predicate<Message> visitor) {
		String url = queueUrls.deadLetterOf(queue);
		int seen = 0;
		while (seen < MAX_SCAN) {
			List<Message> batch = sqs
				.receiveMessage(r -> r.queueUrl(url)
					.maxNumberOfMessages(10)
					.visibilityTimeout(30)
					.waitTimeSeconds(0)
					.messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID)
					.messageAttributeNames(DeadLetterAttributes.REASON))
				.join()
				.messages();
			if (batch.isEmpty()) {
				return;
			}
			seen += batch.size();
			List<DeleteMessageBatchRequestEntry> delete = new ArrayList<>();
			for (Message message : batch) {
				if (visitor.test(message)) {
					delete.add(DeleteMessageBatchRequestEntry.builder()
						.id(Integer.toString(delete.size()))
						.receiptHandle(message.receiptHandle())
						.build());
				}
			}
			if (!delete.isEmpty()) {
				sqs.deleteMessageBatch(r -> r.queueUrl(url).entries(delete)).join();
			}
		}
	}

	private List<UUID> jobIdsOf(Message message) {
		return codec.read(message.body()) instanceof Decoded.Valid valid
				? valid.jobs().stream().map(JobMessage::id).toList() : List.of();
	}

	private static String reasonOf(Message message) {
		var attribute = message.messageAttributes().get(DeadLetterAttributes.REASON);
		return attribute == null ? "moved by SQS after too many receives (a crashing or stuck consumer)"
				: attribute.stringValue();
	}

	/**
	 * Dead letters that failed the same way.
	 *
	 * @param fingerprint the reason with ids and numbers masked
	 * @param example one reason in full
	 * @param count how many were seen
	 * @param exampleJobId a job among them, if they are jobs
	 */
	public record DeadLetterGroup(String fingerprint, String example, int count, String exampleJobId) {

		DeadLetterGroup plusOne(DeadLetterGroup other) {
			return new DeadLetterGroup(fingerprint, example, count + other.count, exampleJobId);
		}

	}

}
