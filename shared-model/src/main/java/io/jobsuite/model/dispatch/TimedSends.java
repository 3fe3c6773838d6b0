package io.jobsuite.model.dispatch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import io.jobsuite.model.queue.JobMessageSender;
import io.jobsuite.model.queue.OutgoingJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends delayed jobs when they are due, for the dispatcher (jobs due within the lead) and
 * the relay (later ones, a lead before they are due). SQS's own delays are whole seconds
 * and stop at 15 minutes; here a job goes out within one tick of its time, which the
 * database answered as a wait and this JVM's monotonic clock counts down, so a JVM whose
 * wall clock is off sends on time all the same. The jobs due within one tick go out
 * together, bundled on the standard queue: sent one by one, a burst of due jobs became
 * single-job messages that the worker receives one poll at a time (benchmark). A JVM that
 * stops hands its pending sends back to the relay; one that dies leaves them to the
 * relay's recheck ({@link JobRows#holdForTimedSend}).
 */
public class TimedSends implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(TimedSends.class);

	private final JobRows rows;

	private final JobMessageSender sender;

	private final TransactionTemplate transaction;

	private final long tickNanos;

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(named("timed-sends"));

	/**
	 * Records sends off the timer's thread: a commit that waits on a busy database must
	 * not hold up the next tick's send (benchmark, load average above 10).
	 */
	private final ExecutorService marks = Executors.newSingleThreadExecutor(named("timed-sends-marks"));

	/** The jobs waiting, by the tick (of {@link System#nanoTime()}) they go out in. */
	private final TreeMap<Long, List<OutgoingJob>> byTick = new TreeMap<>();

	private boolean closed;

	public TimedSends(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions, JobMessageSender sender,
			OutboxProperties properties) {
		this.rows = new JobRows(jdbc, properties);
		this.sender = sender;
		this.transaction = new TransactionTemplate(transactions);
		// Sent marks lock exactly their rows (see JobRows.markSent).
		this.transaction.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
		this.tickNanos = Math.max(1, properties.dueTick().toNanos());
	}

	/**
	 * Sends each job at its time; once closed, hands them back to the relay instead. Call
	 * it after the commit that made their rows visible.
	 */
	void sendAt(Collection<Due> jobs) {
		synchronized (this) {
			if (!closed) {
				jobs.forEach(this::add);
				return;
			}
		}
		handBack(jobs.stream().map(due -> due.job().jobId()).toList());
	}

	private void add(Due due) {
		// The first tick that starts at or after the job's time: never early, since an
		// early message finds the job not yet due and comes back a whole second later.
		long tick = Math.floorDiv(due.atNanos() - 1, tickNanos) + 1;
		byTick.computeIfAbsent(tick, t -> {
			timer.schedule(this::sendDue, t * tickNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
			return new ArrayList<>();
		}).add(due.job());
	}

	private void sendDue() {
		List<OutgoingJob> due = new ArrayList<>();
		synchronized (this) {
			Map<Long, List<OutgoingJob>> ticks = byTick.headMap(Math.floorDiv(System.nanoTime(), tickNanos), true);
			ticks.values().forEach(due::addAll);
			ticks.clear();
		}
		if (due.isEmpty()) {
			return;
		}
		// Unsent or unmarked rows are the relay's once their recheck passes; an unmarked
		// send is sent again then, a duplicate the worker ignores.
		Set<UUID> sent = sender.send(due);
		if (sent.size() < due.size()) {
			log.warn("Timed send of {} of {} delayed job(s) not confirmed, left to the outbox relay",
					due.size() - sent.size(), due.size());
		}
		marks.execute(() -> {
			try {
				transaction.executeWithoutResult(status -> rows.markSent(sent, true));
			}
			catch (RuntimeException ex) {
				log.warn("{} timed send(s) not marked sent, the outbox relay sends them again: {}", sent.size(),
						ex.toString());
			}
		});
	}

	/** Stops timing; the sends still pending go back to the relay, which times them. */
	@Override
	public void close() {
		List<UUID> pending = new ArrayList<>();
		synchronized (this) {
			closed = true;
			byTick.values().forEach(jobs -> jobs.forEach(job -> pending.add(job.jobId())));
			byTick.clear();
		}
		timer.shutdownNow();
		marks.shutdown();
		try {
			marks.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		handBack(pending);
	}

	private static ThreadFactory named(String name) {
		return task -> {
			Thread thread = new Thread(task, name);
			thread.setDaemon(true);
			return thread;
		};
	}

	private void handBack(List<UUID> ids) {
		if (ids.isEmpty()) {
			return;
		}
		try {
			transaction.executeWithoutResult(status -> rows.handBack(ids));
			log.info("Handed {} timed send(s) back to the outbox relay", ids.size());
		}
		catch (RuntimeException ex) {
			log.warn("Could not hand {} timed send(s) back; the relay sends them once overdue: {}", ids.size(),
					ex.toString());
		}
	}

	/**
	 * A job to send at {@code atNanos} on {@link System#nanoTime()}'s clock.
	 */
	record Due(OutgoingJob job, long atNanos) {

		/** Due {@code waitMicros} (the database's answer) after {@code anchorNanos}. */
		static Due after(OutgoingJob job, long anchorNanos, long waitMicros) {
			return new Due(job, anchorNanos + waitMicros * 1_000);
		}

	}

}
