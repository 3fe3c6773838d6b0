package io.jobsuite.api.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.jobsuite.api.admin.DeadLetterScan.DeadLetter;
import io.jobsuite.api.web.ProblemException;
import io.jobsuite.model.QueueKind;
import io.jobsuite.model.queue.QueueUrls;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import org.springframework.stereotype.Service;

/**
 * The dead-letter queues as ops see them: messages grouped by an error fingerprint, and
 * what ops do to a group, each one bounded pass ({@link DeadLetterScan}). Redriving a
 * job's message retries the job if it FAILED (the row is the truth), else sends the
 * message back to its queue, and deletes the dead letter; a message that is not a job
 * (malformed) has nothing to retry: it stays for inspection until it is purged.
 */
@Service
public class DeadLetterQueues {

	private final DeadLetterScan scan;

	private final SqsAsyncClient sqs;

	private final QueueUrls queueUrls;

	private final JobRetries retries;

	private final DeadLetterFixes fixes;

	DeadLetterQueues(DeadLetterScan scan, SqsAsyncClient sqs, QueueUrls queueUrls, JobRetries retries,
			DeadLetterFixes fixes) {
		this.scan = scan;
		this.sqs = sqs;
		this.queueUrls = queueUrls;
		this.retries = retries;
		this.fixes = fixes;
	}

	/**
	 * Up to a thousand dead letters of a queue, grouped by fingerprint, each group with
	 * its fix if ops marked one; they stay on the queue.
	 */
	public List<DeadLetterGroup> groups(QueueKind queue) {
		Map<String, DeadLetterGroup> groups = new LinkedHashMap<>();
		scan.scan(queue, letter -> {
			groups.merge(letter.fingerprintId(), DeadLetterGroup.of(letter), DeadLetterGroup::plus);
			return false;
		}, () -> false);
		Map<String, Instant> fixed = fixes.fixedAt(queue, groups.keySet());
		return groups.values().stream().map(group -> group.withFix(fixed.get(group.id()))).toList();
	}

	/**
	 * The group of this fingerprint id on the queue; 400 when the id is malformed, 404
	 * when no dead letter of it is there.
	 */
	public DeadLetterGroup group(QueueKind queue, String fingerprintId) {
		if (!Fingerprints.isId(fingerprintId)) {
			throw ProblemException.badRequest("A group id is 16 hexadecimal digits, not '" + fingerprintId + "'");
		}
		return groups(queue).stream()
			.filter(group -> group.id().equals(fingerprintId))
			.findFirst()
			.orElseThrow(() -> ProblemException.notFound("dead letters on the " + queue + " dead-letter queue of group",
					fingerprintId));
	}

	/**
	 * Marks the group's fingerprint fixed: a dead letter of it that arrives later is
	 * flagged.
	 */
	public DeadLetterGroup markFixed(QueueKind queue, String fingerprintId, String by) {
		DeadLetterGroup group = group(queue, fingerprintId);
		fixes.mark(queue, group.id(), group.fingerprint(), by);
		return group(queue, fingerprintId);
	}

	/**
	 * Redrives up to {@code limit} job-carrying dead letters of one fingerprint (or all,
	 * when {@code fingerprintId} is null) and deletes them; answers the jobs they
	 * carried. FAILED jobs are retried. A job that is not FAILED (its message was moved
	 * here by the redrive policy, say while its worker kept crashing) may still wait for
	 * this very message, so the message goes back to its queue as it was; the worker
	 * skips what is finished.
	 */
	public List<UUID> redrive(QueueKind queue, String fingerprintId, int limit) {
		List<UUID> redriven = new ArrayList<>();
		int[] messages = { 0 };
		scan.scan(queue, letter -> {
			if (!inGroup(letter, fingerprintId) || letter.jobs().isEmpty()) {
				return false;
			}
			if (retries.retry(letter.jobs()).size() < letter.jobs().size()) {
				sendBack(queue, letter.message());
			}
			redriven.addAll(letter.jobs());
			messages[0]++;
			return true;
		}, () -> messages[0] >= limit);
		return redriven;
	}

	/** Deletes the dead letters of one fingerprint, jobs or not; answers how many. */
	public int purge(QueueKind queue, String fingerprintId) {
		return scan.scan(queue, letter -> fingerprintId.equals(letter.fingerprintId()), () -> false);
	}

	/**
	 * Deletes the dead letters whose jobs are all among {@code jobs} (retried, so their
	 * dead letters are done with); answers how many.
	 */
	public int clear(QueueKind queue, Collection<UUID> jobs) {
		Set<UUID> retried = Set.copyOf(jobs);
		return scan.scan(queue, letter -> !letter.jobs().isEmpty() && retried.containsAll(letter.jobs()), () -> false);
	}

	private static boolean inGroup(DeadLetter letter, String fingerprintId) {
		return fingerprintId == null || fingerprintId.equals(letter.fingerprintId());
	}

	private void sendBack(QueueKind queue, Message message) {
		String group = message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
		sqs.sendMessage(r -> r.queueUrl(queueUrls.of(queue))
			.messageBody(message.body())
			.messageGroupId(queue.isFifo() ? group : null)
			.messageDeduplicationId(queue.isFifo() ? UUID.randomUUID().toString() : null)).join();
	}

	/**
	 * Dead letters that failed the same way.
	 *
	 * @param id the fingerprint's id, for URLs and confirmations
	 * @param fingerprint the reason with ids and numbers masked
	 * @param example one reason in full
	 * @param count how many were seen
	 * @param exampleJobId a job among them, if they are jobs
	 * @param newestAt when the newest of them reached the dead-letter queue (SQS's clock)
	 * @param fixedAt when ops marked the fingerprint fixed, or null
	 */
	public record DeadLetterGroup(String id, String fingerprint, String example, int count, String exampleJobId,
			Instant newestAt, Instant fixedAt) {

		static DeadLetterGroup of(DeadLetter letter) {
			return new DeadLetterGroup(letter.fingerprintId(), letter.fingerprint(), letter.reason(), 1,
					letter.jobs().stream().findFirst().map(UUID::toString).orElse(null), letter.sentAt(), null);
		}

		DeadLetterGroup plus(DeadLetterGroup other) {
			Instant newest = newestAt == null || (other.newestAt != null && other.newestAt.isAfter(newestAt))
					? other.newestAt : newestAt;
			return new DeadLetterGroup(id, fingerprint, example, count + other.count,
					exampleJobId != null ? exampleJobId : other.exampleJobId, newest, fixedAt);
		}

		DeadLetterGroup withFix(Instant fixed) {
			return new DeadLetterGroup(id, fingerprint, example, count, exampleJobId, newestAt, fixed);
		}

		/**
		 * Marked fixed, yet a dead letter of it arrived after that: the fix did not hold.
		 */
		@JsonProperty
		public boolean reappeared() {
			return fixedAt != null && newestAt != null && newestAt.isAfter(fixedAt);
		}

	}

}
