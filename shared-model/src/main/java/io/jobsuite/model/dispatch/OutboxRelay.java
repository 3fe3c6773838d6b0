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
import io.jobsuite.model.trace.JobTracing;
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
 * not past an older job of the group that waits unsent. A delayed job comes up a lead
 * before it is due: its send is timed ({@link TimedSends}) by the relay that locked it,
 * and its recheck moved past its time, so no other relay times it too.
 */
public class OutboxRelay {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private final JobRows rows;

	private final JobMessageSender sender;

	private final TransactionTemplate transaction;

	private final OutboxProperties properties;

	private final TimedSends timed;

	private final MeterRegistry meters;

	public OutboxRelay(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions,
			JobMessageSender sender, TimedSends timed, OutboxProperties properties, MeterRegistry meters) {
		this.rows = new JobRows(jdbc, properties);
		this.sender = sender;
		this.timed = timed;
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
			// After the commit: a timed message must not reach a worker before the row's
			// recheck moved.
			timed.sendAt(page.timed());
			total += page.sent();
			if (page.handled() < page.found() || page.found() < properties.batchSize()) {
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

	private Page relay(List<DueJob> locked) {
		if (locked.isEmpty()) {
			return new Page(0, 0, 0, List.of());
		}
		long answeredAt = System.nanoTime();
		Map<Boolean, List<DueJob>> byEarly = locked.stream().collect(Collectors.partitioningBy(DueJob::early));
		List<TimedSends.Due> timedSends = timeEarly(byEarly.get(true), answeredAt);
		List<DueJob> due = byEarly.get(false);
		Set<UUID> behind = behindUnsentOlderJobs(due);
		List<DueJob> sendable = due.stream()
			.filter(job -> !behind.contains(job.id()))
			.sorted(Comparator.comparing(DueJob::id))
			.toList();
		Set<UUID> sent = sender.send(sendable.stream().map(OutboxRelay::outgoing).toList());
		rows.markSent(sent, false);
		rows.postpone(behind);
		sendable.stream()
			.filter(job -> sent.contains(job.id()))
			.forEach(job -> count(job, job.status().name().toLowerCase()));
		return new Page(locked.size() - behind.size(), sent.size() + byEarly.get(true).size(), sent.size(), timedSends);
	}

	/**
	 * Holds the early jobs due within the lead for a timed send, and moves the others'
	 * recheck to a lead before their time (a job comes up early only if something moved
	 * its recheck).
	 */
	private List<TimedSends.Due> timeEarly(List<DueJob> early, long answeredAt) {
		long leadMicros = properties.lead().toNanos() / 1_000;
		Map<Boolean, List<DueJob>> withinLead = early.stream()
			.collect(Collectors.partitioningBy(job -> job.waitMicros() <= leadMicros));
		rows.holdUntilLead(withinLead.get(false).stream().map(DueJob::id).toList());
		rows.holdForTimedSend(withinLead.get(true).stream().map(DueJob::id).toList());
		withinLead.get(true).forEach(job -> count(job, "delayed"));
		return withinLead.get(true)
			.stream()
			.map(job -> TimedSends.Due.after(outgoing(job), answeredAt, job.waitMicros()))
			.toList();
	}

	private static OutgoingJob outgoing(DueJob job) {
		return new OutgoingJob(JobMessage.of(job.id(), job.type(), JobTracing.traceIdOf(job.traceParent())),
				job.queue(), job.messageGroup(), job.id() + ":" + job.attempts() + ":" + UUID.randomUUID(),
				job.traceParent());
	}

	private void count(DueJob job, String status) {
		meters.counter("jobs.relayed", "queue", job.queue().tag(), "status", status).increment();
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

	/**
	 * One page: the jobs it may send, those it sent or held until due, those it sent, and
	 * the sends it timed.
	 */
	private record Page(int found, int handled, int sent, List<TimedSends.Due> timed) {
	}

}
