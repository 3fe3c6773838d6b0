package io.jobsuite.model.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.jobsuite.model.JobMessage;
import io.jobsuite.model.queue.JobMessageSender;
import io.jobsuite.model.queue.OutgoingJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-sends jobs whose message was never confirmed sent: a crash between commit and send,
 * or SQS down. Rows are locked while they are sent, so relays on several instances do not
 * send the same page twice, and pages go out oldest first, which keeps FIFO groups in
 * order.
 */
public class OutboxRelay {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private final JobRows rows;

	private final JobMessageSender sender;

	private final Clock clock;

	private final TransactionTemplate transaction;

	private final OutboxProperties properties;

	public OutboxRelay(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions,
			JobMessageSender sender, Clock clock, OutboxProperties properties) {
		this.rows = new JobRows(jdbc);
		this.sender = sender;
		this.clock = clock;
		this.transaction = new TransactionTemplate(transactions);
		this.properties = properties;
	}

	/**
	 * Relays pages until a page comes back short or not fully sent; returns how many were
	 * sent.
	 */
	public int relayPending() {
		int total = 0;
		while (true) {
			PageResult page = relayPage(properties.relayAfter());
			total += page.sent();
			if (page.sent() < page.found() || page.found() < properties.batchSize()) {
				if (total > 0) {
					log.info("Outbox relay sent {} job message(s) that had not been confirmed", total);
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
		return ids.isEmpty() ? 0 : transaction.execute(status -> send(rows.lockUnsent(ids))).sent();
	}

	private PageResult relayPage(Duration relayAfter) {
		return transaction
			.execute(status -> send(rows.lockUnsent(clock.instant().minus(relayAfter), properties.batchSize())));
	}

	private PageResult send(List<JobRows.UnsentJob> unsent) {
		if (unsent.isEmpty()) {
			return new PageResult(0, 0);
		}
		List<OutgoingJob> messages = unsent.stream()
			.map(job -> new OutgoingJob(JobMessage.of(job.id(), job.type(), job.traceId()), job.queue(),
					job.messageGroup(), job.id() + ":" + job.attempts()))
			.toList();
		Set<UUID> sent = sender.send(messages);
		rows.markSent(sent, clock.instant());
		return new PageResult(unsent.size(), sent.size());
	}

	private record PageResult(int found, int sent) {
	}

}
