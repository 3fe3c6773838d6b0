package io.jobsuite.model.dispatch;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.jobsuite.model.JobMessage;
import io.jobsuite.model.dispatch.JobRows.DueJob;
import io.jobsuite.model.dispatch.JobRows.GroupMember;
import io.jobsuite.model.queue.JobMessageSender;
import io.jobsuite.model.queue.OutgoingJob;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The relay and reconciler: the row is the truth and SQS a hint. Every active job carries
 * a recheck time that each of its moves pushes on (see {@code JobTransitions}); a job
 * still active when it passes has no message that explains it (never sent, sent and lost,
 * deleted, dead-lettered while alive, a lease that expired with its message gone, a retry
 * or FIFO wait that is due) and is sent a fresh one. Rows are locked while they are sent,
 * so any number of relays share the work. FIFO jobs go out in their group's order, and
 * not past an older job of the group that waits unsent.
 */
public class OutboxRelay {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private final JobRows rows;

	private final JobMessageSender sender;

	private final TransactionTemplate transaction;

	private final OutboxProperties properties;

	private final MeterRegistry meters;

	public OutboxRelay(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions,
			JobMessageSender sender, OutboxProperties properties, MeterRegistry meters) {
		this.rows = new JobRows(jdbc, properties);
		this.sender = sender;
		this.transaction = new TransactionTemplate(transactions);
		this.properties = properties;
		this.meters = meters;
	}

	/**
	 * Relays pages until a page comes back short or not fully sent; returns how many jobs
	 * were sent.
	 */
	public int relayPending() {
		int total = 0;
		while (true) {
			Page page = transaction.execute(status -> relay(rows.lockDue(properties.batchSize())));
			total += page.sent();
			if (page.sent() < page.found() || page.found() < properties.batchSize()) {
				if (total > 0) {
					log.info("Relay sent {} job message(s) that no message or lease accounted for", total);
				}
				return total;
			}
		}
	}

	/**
	 * Sends these jobs now if they are queued and unsent (an ops retry); the relay covers
	 * a failure.
	 */
	public int sendNow(Collection<UUID> ids) {
		return ids.isEmpty() ? 0 : transaction.execute(status -> relay(rows.lockUnsent(ids))).sent();
	}

	private Page relay(List<DueJob> due) {
		if (due.isEmpty()) {
			return new Page(0, 0);
		}
		Set<UUID> behind = behindUnsentOlderJobs(due);
		List<DueJob> sendable = due.stream()
			.filter(job -> !behind.contains(job.id()))
			.sorted(Comparator.comparing(DueJob::id))
			.toList();
		Set<UUID> sent = sender.send(sendable.stream()
			.map(job -> new OutgoingJob(JobMessage.of(job.id(), job.type(), job.traceId()), job.queue(),
					job.messageGroup(), job.id() + ":" + job.attempts() + ":" + UUID.randomUUID()))
			.toList());
		rows.markSent(sent, false);
		rows.postpone(behind);
		sendable.stream()
			.filter(job -> sent.contains(job.id()))
			.forEach(job -> meters
				.counter("jobs.relayed", "queue", job.queue().tag(), "status", job.status().name().toLowerCase())
				.increment());
		return new Page(due.size() - behind.size(), sent.size());
	}

	/**
	 * The due FIFO jobs that must not be sent yet: an older active job of their group
	 * waits unsent and is not sent with them. Sent ones ahead are fine: the new message
	 * queues behind theirs.
	 */
	private Set<UUID> behindUnsentOlderJobs(List<DueJob> due) {
		Set<UUID> dueIds = due.stream().map(DueJob::id).collect(Collectors.toSet());
		Set<String> groups = due.stream()
			.filter(job -> job.messageGroup() != null)
			.map(DueJob::messageGroup)
			.collect(Collectors.toSet());
		if (groups.isEmpty()) {
			return Set.of();
		}
		Set<UUID> behind = new HashSet<>();
		for (Map.Entry<String, List<GroupMember>> group : rows.activeOfGroups(groups).entrySet()) {
			boolean clear = true;
			for (GroupMember member : group.getValue()) {
				if (dueIds.contains(member.id())) {
					if (!clear) {
						behind.add(member.id());
					}
				}
				else if (member.unsent()) {
					clear = false;
				}
			}
		}
		return behind;
	}

	private record Page(int found, int sent) {
	}

}
