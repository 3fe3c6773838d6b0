package io.jobsuite.api.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import io.jobsuite.model.JobMessage;
import io.jobsuite.model.JobMessageCodec;
import io.jobsuite.model.JobMessageCodec.Decoded;
import io.jobsuite.model.QueueKind;
import io.jobsuite.model.queue.DeadLetterAttributes;
import io.jobsuite.model.queue.QueueUrls;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import org.springframework.stereotype.Component;

/**
 * One bounded pass over a dead-letter queue: receives up to {@value #MAX_SCAN} messages
 * ten at a time, deletes in batches those the visitor answers true for, and makes the
 * others visible again at the end of the pass, so that the next pass (a purge right after
 * the page listed the groups) sees them at once.
 */
@Component
class DeadLetterScan {

	/** Messages one pass reads at most: the work of any dead-letter action is bounded. */
	static final int MAX_SCAN = 1_000;

	/* Long enough for one pass to see each message once; reset at the pass's end. */
	private static final int PASS_VISIBILITY_SECONDS = 60;

	private final SqsAsyncClient sqs;

	private final QueueUrls queueUrls;

	private final JobMessageCodec codec;

	DeadLetterScan(SqsAsyncClient sqs, QueueUrls queueUrls, JobMessageCodec codec) {
		this.sqs = sqs;
		this.queueUrls = queueUrls;
		this.codec = codec;
	}

	/**
	 * Visits the queue's dead letters until it is read, {@link #MAX_SCAN} were read or
	 * {@code done} answers true; answers how many it deleted.
	 */
	int scan(QueueKind queue, Predicate<DeadLetter> delete, BooleanSupplier done) {
		String url = queueUrls.deadLetterOf(queue);
		List<String> kept = new ArrayList<>();
		int seen = 0;
		int deleted = 0;
		try {
			while (seen < MAX_SCAN && !done.getAsBoolean()) {
				List<Message> batch = receive(url);
				if (batch.isEmpty()) {
					break;
				}
				seen += batch.size();
				List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
				for (Message message : batch) {
					if (!done.getAsBoolean() && delete.test(read(message))) {
						deletes.add(DeleteMessageBatchRequestEntry.builder()
							.id(Integer.toString(deletes.size()))
							.receiptHandle(message.receiptHandle())
							.build());
					}
					else {
						kept.add(message.receiptHandle());
					}
				}
				if (!deletes.isEmpty()) {
					sqs.deleteMessageBatch(r -> r.queueUrl(url).entries(deletes)).join();
					deleted += deletes.size();
				}
			}
		}
		finally {
			showAgain(url, kept);
		}
		return deleted;
	}

	private List<Message> receive(String url) {
		return sqs
			.receiveMessage(r -> r.queueUrl(url)
				.maxNumberOfMessages(10)
				.visibilityTimeout(PASS_VISIBILITY_SECONDS)
				.waitTimeSeconds(0)
				.messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID,
						MessageSystemAttributeName.SENT_TIMESTAMP)
				.messageAttributeNames(DeadLetterAttributes.REASON))
			.join()
			.messages();
	}

	private void showAgain(String url, List<String> receipts) {
		for (int from = 0; from < receipts.size(); from += 10) {
			List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
			for (String receipt : receipts.subList(from, Math.min(from + 10, receipts.size()))) {
				entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
					.id(Integer.toString(entries.size()))
					.receiptHandle(receipt)
					.visibilityTimeout(0)
					.build());
			}
			sqs.changeMessageVisibilityBatch(r -> r.queueUrl(url).entries(entries)).join();
		}
	}

	private DeadLetter read(Message message) {
		var attribute = message.messageAttributes().get(DeadLetterAttributes.REASON);
		String reason = attribute == null ? "moved by SQS after too many receives (a crashing or stuck consumer)"
				: attribute.stringValue();
		String sent = message.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
		List<UUID> jobs = codec.read(message.body()) instanceof Decoded.Valid valid
				? valid.jobs().stream().map(JobMessage::id).toList() : List.of();
		return new DeadLetter(message, reason, Fingerprints.of(reason), jobs,
				sent == null ? null : Instant.ofEpochMilli(Long.parseLong(sent)));
	}

	/**
	 * A dead letter as read.
	 *
	 * @param message the SQS message
	 * @param reason why it is here, as the worker said (or SQS's redrive)
	 * @param fingerprint the reason with what varies masked
	 * @param jobs the jobs it carries (none when it is malformed)
	 * @param sentAt when it was sent to the dead-letter queue (SQS's clock)
	 */
	record DeadLetter(Message message, String reason, String fingerprint, List<UUID> jobs, Instant sentAt) {

		String fingerprintId() {
			return Fingerprints.idOf(fingerprint);
		}

	}

}
