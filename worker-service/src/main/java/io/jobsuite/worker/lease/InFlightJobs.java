package io.jobsuite.worker.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Collectors;

import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.jobsuite.model.QueueKind;
import io.jobsuite.model.queue.QueueUrls;
import io.jobsuite.worker.WorkerProperties;
import io.jobsuite.worker.claim.ClaimedJob;
import io.jobsuite.worker.claim.JobClaims;
import io.jobsuite.worker.lock.OverlapLocks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * Every message this worker holds and the claim it runs, if any. One heartbeat (every
 * third of the lease) extends the three things that keep a running job its own together:
 * the job's lease, its overlap lock and its message's visibility (also of messages
 * waiting in a FIFO batch). On shutdown, once the grace period has passed, it interrupts
 * the handlers still running and gives their jobs back: lease and lock released without
 * counting the attempt, message visible at once, so that another worker takes over.
 */
@Component
public class InFlightJobs implements ApplicationListener<ContextClosedEvent>, DisposableBean {

	/**
	 * How long interrupted handlers get to return before their jobs are released under
	 * them.
	 */
	private static final Duration INTERRUPT_WAIT = Duration.ofSeconds(5);

	private static final Logger log = LoggerFactory.getLogger(InFlightJobs.class);

	private final Map<String, Held> held = new ConcurrentHashMap<>();

	private final JobClaims claims;

	private final OverlapLocks locks;

	private final SqsAsyncClient sqs;

	private final QueueUrls queueUrls;

	private final Clock clock;

	private final WorkerProperties properties;

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
		Thread thread = new Thread(runnable, "job-heartbeat");
		thread.setDaemon(true);
		return thread;
	});

	private final ReadWriteLock visibility = new ReentrantReadWriteLock();

	private volatile boolean stopping;

	InFlightJobs(JobClaims claims, OverlapLocks locks, SqsAsyncClient sqs, QueueUrls queueUrls, Clock clock,
			WorkerProperties properties) {
		this.claims = claims;
		this.locks = locks;
		this.sqs = sqs;
		this.queueUrls = queueUrls;
		this.clock = clock;
		this.properties = properties;
		long period = properties.heartbeat().toMillis();
		scheduler.scheduleWithFixedDelay(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
	}

	/** Messages just received: their visibility is kept up until they are settled. */
	public void hold(QueueKind queue, List<Message<String>> messages) {
		messages.forEach(message -> held.put(receiptOf(message), new Held(queue, message)));
	}

	/**
	 * The messages are about to be settled (deleted, deferred or left): no longer this
	 * worker's business. Waits for a heartbeat that is changing their visibility, so that
	 * it cannot undo a deferral.
	 */
	public void settled(List<Message<String>> messages) {
		visibility.readLock().lock();
		try {
			messages.forEach(message -> held.remove(receiptOf(message)));
		}
		finally {
			visibility.readLock().unlock();
		}
	}

	/**
	 * A job of this message was claimed: from now on its lease and lock are extended with
	 * the message.
	 */
	public void claimed(Message<String> message, ClaimedJob job) {
		Held entry = held.get(receiptOf(message));
		if (entry != null) {
			entry.runs.put(job.id(), new Run(job));
		}
	}

	/**
	 * The handler of this claimed job is about to run on the current thread; answers
	 * false when it must not start: the worker is past its shutdown grace, or the job's
	 * lease went to a newer attempt while it waited for a thread.
	 */
	public boolean running(Message<String> message, ClaimedJob job) {
		Run run = runOf(message, job);
		return run != null && run.start(stopping);
	}

	/**
	 * The handler of this job returned; answers whether shutdown interrupted it. From
	 * here on shutdown no longer interrupts the thread for this job.
	 */
	public boolean returned(Message<String> message, ClaimedJob job) {
		Run run = runOf(message, job);
		return run != null && run.end();
	}

	/**
	 * This job's claim ended (completed or given back): nothing left to extend for it.
	 */
	public void unclaimed(Message<String> message, ClaimedJob job) {
		Held entry = held.get(receiptOf(message));
		if (entry != null) {
			entry.runs.remove(job.id());
		}
	}

	private Run runOf(Message<String> message, ClaimedJob job) {
		Held entry = held.get(receiptOf(message));
		return entry == null ? null : entry.runs.get(job.id());
	}

	/** Whether the worker is past its shutdown grace: claim nothing more. */
	public boolean stopping() {
		return stopping;
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		log.info("Shutting down: in-flight jobs get {} to finish before they are released", properties.shutdownGrace());
		scheduler.schedule(this::releaseUnfinished, properties.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void destroy() {
		scheduler.shutdownNow();
	}

	void heartbeat() {
		List<Held> entries = new ArrayList<>(held.values());
		if (entries.isEmpty()) {
			return;
		}
		Instant until = clock.instant().plus(properties.lease());
		Map<ClaimedJob, Held> running = new HashMap<>();
		entries.forEach(e -> e.runs.values().forEach(run -> running.put(run.job, e)));
		if (!running.isEmpty()) {
			try {
				Set<ClaimedJob> lost = new HashSet<>(claims.extend(new ArrayList<>(running.keySet()), until));
				// A job that completed meanwhile also no longer matches: only one still
				// in hand was taken over.
				List<ClaimedJob> takenOver = lost.stream()
					.filter(job -> running.get(job).runs.containsKey(job.id()))
					.toList();
				takenOver.forEach(job -> {
					log.warn("Job {} attempt {} lost its lease; a newer attempt owns it", job.id(), job.attempt());
					running.get(job).runs.get(job.id()).lost = true;
				});
				locks.extend(running.keySet().stream().filter(job -> !lost.contains(job)).toList(), until);
				// A message keeps its visibility only while none of its jobs was taken
				// over by a newer attempt.
				takenOver.forEach(job -> entries.remove(running.get(job)));
			}
			catch (RuntimeException ex) {
				log.warn("Could not extend the leases of {} jobs: {}", running.size(), ex.toString());
			}
		}
		visibility.writeLock().lock();
		try {
			entries.removeIf(e -> held.get(receiptOf(e.message)) != e);
			changeVisibility(entries, (int) properties.visibility().toSeconds());
		}
		finally {
			visibility.writeLock().unlock();
		}
	}

	/**
	 * At the end of the shutdown grace: interrupt what still runs, then release what was
	 * not given back.
	 */
	void releaseUnfinished() {
		stopping = true;
		// Claimed jobs still waiting for a thread never start now (running() answers
		// false) and are given back
		// by their batch; only handlers already running are interrupted here.
		List<Run> unfinished = held.values()
			.stream()
			.flatMap(e -> e.runs.values().stream())
			.filter(Run::running)
			.toList();
		if (unfinished.isEmpty()) {
			return;
		}
		log.warn("Shutdown grace of {} is over: interrupting {} jobs and releasing them", properties.shutdownGrace(),
				unfinished.size());
		unfinished.forEach(Run::interrupt);
		Instant deadline = clock.instant().plus(INTERRUPT_WAIT);
		while (!hung().isEmpty() && clock.instant().isBefore(deadline)) {
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		List<Held> hung = hung();
		hung.forEach(e -> e.runs.values().stream().filter(Run::running).forEach(run -> release(run.job)));
		changeVisibility(hung, 0);
	}

	/** Held messages with a handler still running. */
	private List<Held> hung() {
		return held.values().stream().filter(e -> e.runs.values().stream().anyMatch(Run::running)).toList();
	}

	/**
	 * Gives a claim back without counting its attempt: the lease, then the overlap lock.
	 */
	public void release(ClaimedJob job) {
		if (job == null) {
			return;
		}
		try {
			if (claims.release(job)) {
				log.info("Released job {} attempt {} unfinished", job.id(), job.attempt());
			}
			locks.release(List.of(job));
		}
		catch (RuntimeException ex) {
			log.warn("Could not release job {}; its lease expires at the latest after {}: {}", job.id(),
					properties.lease(), ex.toString());
		}
	}

	private void changeVisibility(List<Held> entries, int seconds) {
		Map<QueueKind, List<Held>> byQueue = entries.stream().collect(Collectors.groupingBy(e -> e.queue));
		byQueue.forEach((queue, messages) -> {
			for (int from = 0; from < messages.size(); from += 10) {
				List<ChangeMessageVisibilityBatchRequestEntry> batch = new ArrayList<>();
				for (int i = from; i < Math.min(from + 10, messages.size()); i++) {
					batch.add(ChangeMessageVisibilityBatchRequestEntry.builder()
						.id(Integer.toString(i))
						.receiptHandle(receiptOf(messages.get(i).message))
						.visibilityTimeout(seconds)
						.build());
				}
				try {
					sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queueUrls.of(queue)).entries(batch))
						.get(properties.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
				}
				catch (Exception ex) {
					log.warn("Could not change the visibility of {} messages on the {} queue: {}", batch.size(), queue,
							ex.toString());
				}
			}
		});
	}

	private static String receiptOf(Message<?> message) {
		return String.valueOf(message.getHeaders().get(SqsHeaders.SQS_RECEIPT_HANDLE_HEADER));
	}

	/** A message in hand and the claims of its jobs (several for a bundle). */
	private static final class Held {

		final QueueKind queue;

		final Message<String> message;

		final Map<UUID, Run> runs = new ConcurrentHashMap<>();

		Held(QueueKind queue, Message<String> message) {
			this.queue = queue;
			this.message = message;
		}

	}

	/**
	 * A claimed job, and the thread of its handler while it runs. Start, end and
	 * interrupt are synchronized, so that a shutdown interrupt never reaches a thread
	 * that has moved on to another job.
	 */
	private static final class Run {

		final ClaimedJob job;

		private Thread thread;

		private boolean interrupted;

		volatile boolean lost;

		Run(ClaimedJob job) {
			this.job = job;
		}

		synchronized boolean start(boolean stopping) {
			if (stopping || lost) {
				return false;
			}
			thread = Thread.currentThread();
			return true;
		}

		synchronized boolean end() {
			thread = null;
			return interrupted;
		}

		synchronized boolean running() {
			return thread != null;
		}

		synchronized void interrupt() {
			if (thread != null) {
				interrupted = true;
				thread.interrupt();
			}
		}

	}

}
