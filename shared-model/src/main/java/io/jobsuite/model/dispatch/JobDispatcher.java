package io.jobsuite.model.dispatch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.jobsuite.model.JobIds;
import io.jobsuite.model.JobMessage;
import io.jobsuite.model.JobStatus;
import io.jobsuite.model.NewBatch;
import io.jobsuite.model.NewJob;
import io.jobsuite.model.QueueKind;
import io.jobsuite.model.dispatch.Dispatched.Outcome;
import io.jobsuite.model.dispatch.JobRows.ActiveJob;
import io.jobsuite.model.queue.JobMessageSender;
import io.jobsuite.model.queue.OutgoingJob;
import io.jobsuite.model.trace.JobTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Dispatches jobs through a transactional outbox: rows are committed first (joining the
 * caller's transaction if there is one), messages are sent after the commit, and whatever
 * SQS did not confirm is re-sent by the {@link OutboxRelay}. Unique keys are enforced by
 * the database's unique index. A delayed job ({@link NewJob#runAt}) due within the lead
 * is timed from here ({@link TimedSends}); a later one waits in its row for the relay.
 */
public class JobDispatcher {

	private static final Logger log = LoggerFactory.getLogger(JobDispatcher.class);

	private final JobRows rows;

	private final BatchRows batchRows;

	private final JobIds ids;

	private final JobMessageSender sender;

	private final TransactionTemplate transaction;

	private final TransactionTemplate separateTransaction;

	private final TimedSends timed;

	private final MeterRegistry meters;

	private final JobTracing tracing;

	public JobDispatcher(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions, JobIds ids,
			JobMessageSender sender, TimedSends timed, OutboxProperties properties, MeterRegistry meters,
			JobTracing tracing) {
		this.timed = timed;
		this.meters = meters;
		this.tracing = tracing;
		this.rows = new JobRows(jdbc, properties);
		this.batchRows = new BatchRows(jdbc, rows);
		this.ids = ids;
		this.sender = sender;
		this.transaction = new TransactionTemplate(transactions);
		this.separateTransaction = new TransactionTemplate(transactions);
		this.separateTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		// Sent marks lock exactly their rows (see JobRows.markSent).
		this.separateTransaction.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
	}

	/**
	 * Dispatches one job in a span of its own, under the caller's (the HTTP request's):
	 * the job keeps that span's context, so that its send and its run continue the
	 * caller's trace. Bulk dispatches ({@link #dispatchAll}) carry no trace: a scan of a
	 * million clients is no trace of a million runs.
	 */
	public Dispatched dispatch(NewJob job) {
		Span span = tracing.startChild("job dispatch").tag("job.type", job.type().name());
		try (var scope = tracing.inScope(span)) {
			Dispatched dispatched = dispatchAll(List.of(job.tracedBy(tracing.traceParentOf(span)))).get(0);
			span.tag("job.id", dispatched.jobId().toString()).tag("job.outcome", dispatched.outcome().name());
			return dispatched;
		}
		catch (RuntimeException ex) {
			span.error(ex);
			throw ex;
		}
		finally {
			span.end();
		}
	}

	/**
	 * Dispatches the jobs and answers, in the same order, what became of each. Returns
	 * once the rows are committed and, when this call owns the transaction, once their
	 * messages were sent or left to the relay.
	 */
	public List<Dispatched> dispatchAll(List<NewJob> jobs) {
		if (jobs.isEmpty()) {
			return List.of();
		}
		List<PendingJob> pending = jobs.stream().map(job -> new PendingJob(ids.next(), job)).toList();
		return writeThenSend(() -> {
			rows.insertAll(pending);
			Map<String, ActiveJob> holders = rows.activeByUniqueKey(pending.stream()
				.map(p -> p.spec().uniqueKey())
				.filter(Objects::nonNull)
				.collect(Collectors.toSet()));
			List<Dispatched> dispatched = new ArrayList<>(pending.size());
			Map<UUID, PendingJob> sendable = new LinkedHashMap<>();
			for (PendingJob job : pending) {
				Dispatched result = resolve(job, holders);
				dispatched.add(result);
				if (result.outcome() != Outcome.EXISTING) {
					sendable.put(result.jobId(), result.outcome() == Outcome.CREATED ? job
							: new PendingJob(result.jobId(), job.spec().onQueue(result.queue())));
				}
			}
			List<TimedSends.Due> later = timeDelayed(sendable);
			// Counted once committed: a page the scan retries after a deadlock rollback
			// is not counted twice.
			return new Written<>(dispatched, () -> {
				for (int i = 0; i < pending.size(); i++) {
					count(pending.get(i).spec(), dispatched.get(i));
				}
				sendAndMark(List.copyOf(sendable.values()));
				timed.sendAt(later);
			});
		});
	}

	/**
	 * Dispatches a batch: its row, its jobs and their dependencies committed together;
	 * the jobs that depend on none are sent, the others wait in their rows until their
	 * dependencies succeeded (see {@code BatchTransitions}). Throws
	 * {@link io.jobsuite.model.InvalidBatchException} (and stores nothing) when the batch
	 * is not a valid graph.
	 */
	public DispatchedBatch dispatchBatch(NewBatch batch) {
		BatchGraph.check(batch);
		// Like a single dispatch: the batch's jobs and callbacks continue the caller's
		// trace through a span of its own.
		Span span = tracing.startChild("batch dispatch").tag("batch.jobs", Integer.toString(batch.jobs().size()));
		try (var scope = tracing.inScope(span)) {
			return dispatchTraced(batch.tracedBy(tracing.traceParentOf(span)));
		}
		catch (RuntimeException ex) {
			span.error(ex);
			throw ex;
		}
		finally {
			span.end();
		}
	}

	private DispatchedBatch dispatchTraced(NewBatch batch) {
		UUID batchId = ids.next();
		List<PendingJob> pending = batch.jobs()
			.stream()
			.map(member -> new PendingJob(ids.next(), member.job().tracedBy(batch.traceId())))
			.toList();
		Map<String, UUID> keyed = new LinkedHashMap<>();
		for (int i = 0; i < pending.size(); i++) {
			keyed.put(batch.jobs().get(i).key(), pending.get(i).id());
		}
		DispatchedBatch dispatched = new DispatchedBatch(batchId, keyed);
		return writeThenSend(() -> {
			List<PendingJob> roots = batchRows.insert(dispatched, batch, pending);
			return new Written<>(dispatched, () -> {
				pending
					.forEach(job -> count(job.spec(), new Dispatched(job.id(), Outcome.CREATED, job.spec().queue())));
				sendAndMark(roots);
			});
		});
	}

	/**
	 * Runs {@code write} in a transaction (the caller's, if there is one) and its
	 * {@code send} once committed. Our own transaction is over and its connection back in
	 * the pool when we send: a dispatch never holds two connections at once (holding the
	 * committed one while waiting for a second exhausted the API's pool under 200
	 * concurrent Sync Nows in the benchmark).
	 */
	private <T> T writeThenSend(Supplier<Written<T>> write) {
		boolean joined = TransactionSynchronizationManager.isActualTransactionActive();
		Written<T> written = transaction.execute(status -> {
			Written<T> result = write.get();
			if (joined) {
				afterCommit(result.send());
			}
			return result;
		});
		if (!joined) {
			written.send().run();
		}
		return written.value();
	}

	/** What a dispatch wrote, and what it sends once that is committed. */
	private record Written<T>(T value, Runnable send) {
	}

	/**
	 * Takes the delayed jobs out of {@code sendable}: the ones due within the lead come
	 * back timed on the database's answer, the rest are the relay's; jobs whose runAt has
	 * passed stay, to be sent now.
	 */
	private List<TimedSends.Due> timeDelayed(Map<UUID, PendingJob> sendable) {
		List<UUID> delayed = sendable.values()
			.stream()
			.filter(job -> job.spec().runAt() != null)
			.map(PendingJob::id)
			.toList();
		if (delayed.isEmpty()) {
			return List.of();
		}
		Map<UUID, Long> waits = rows.ownSends(delayed);
		long answeredAt = System.nanoTime();
		List<TimedSends.Due> later = new ArrayList<>();
		for (UUID id : delayed) {
			Long wait = waits.get(id);
			if (wait == null || wait > 0) {
				PendingJob job = sendable.remove(id);
				if (wait != null) {
					later.add(TimedSends.Due.after(outgoing(job), answeredAt, wait));
				}
			}
		}
		return later;
	}

	private Dispatched resolve(PendingJob job, Map<String, ActiveJob> holders) {
		NewJob spec = job.spec();
		if (spec.uniqueKey() == null) {
			return new Dispatched(job.id(), Outcome.CREATED, spec.queue());
		}
		ActiveJob holder = holders.get(spec.uniqueKey());
		if (holder == null) {
			// The unique index skipped our row, so a holder existed and is locked by our
			// insert until commit.
			throw new IllegalStateException("No active job holds unique key " + spec.uniqueKey());
		}
		if (holder.id().equals(job.id())) {
			return new Dispatched(job.id(), Outcome.CREATED, spec.queue());
		}
		// A job wanted now moves a queued one to its faster queue, and a delayed one to
		// now (FIFO jobs wait in their group's order, never delayed by a dispatch).
		boolean faster = spec.queue().outranks(holder.queue());
		boolean sooner = holder.delayed() && !holder.queue().isFifo();
		QueueKind queue = faster ? spec.queue() : holder.queue();
		if (holder.status() == JobStatus.QUEUED && spec.runAt() == null && (faster || sooner)
				&& rows.promote(holder.id(), holder.queue(), queue)) {
			holders.put(spec.uniqueKey(), new ActiveJob(holder.id(), queue, holder.status(), false));
			return new Dispatched(holder.id(), Outcome.PROMOTED, queue);
		}
		return new Dispatched(holder.id(), Outcome.EXISTING, holder.queue());
	}

	private void count(NewJob spec, Dispatched result) {
		String queue = result.queue().tag();
		switch (result.outcome()) {
			case CREATED -> meters.counter("jobs.enqueued", "queue", queue, "type", spec.type().name()).increment();
			case EXISTING -> meters.counter("jobs.deduplicated", "type", spec.type().name()).increment();
			case PROMOTED -> meters.counter("jobs.promoted", "queue", queue, "type", spec.type().name()).increment();
		}
	}

	private static OutgoingJob outgoing(PendingJob job) {
		String traceParent = job.spec().traceParent();
		return new OutgoingJob(JobMessage.of(job.id(), job.spec().type().name(), JobTracing.traceIdOf(traceParent)),
				job.spec().queue(), job.spec().messageGroup(), job.id() + ":0", traceParent);
	}

	private void sendAndMark(List<PendingJob> jobs) {
		if (jobs.isEmpty()) {
			return;
		}
		List<PendingJob> sendable = withoutFifoJobsBehindUnsentOnes(jobs);
		List<OutgoingJob> messages = sendable.stream().map(JobDispatcher::outgoing).toList();
		Set<UUID> sent = sender.send(messages);
		try {
			separateTransaction.executeWithoutResult(status -> rows.markSent(sent, true));
		}
		catch (RuntimeException ex) {
			// The rows are committed and the messages sent: whatever failed here (a
			// failover, a lost connection), an unrecorded send only means the relay sends
			// again later (a duplicate the worker ignores), never a failed dispatch.
			log.warn("{} sent job(s) not marked sent, the outbox relay will send them again: {}", sent.size(),
					ex.toString());
		}
	}

	/**
	 * A FIFO job is held back for the relay when an older job of its group is still
	 * unsent: the relay sends in id order, so the group's order on the queue stays its
	 * dispatch order.
	 */
	private List<PendingJob> withoutFifoJobsBehindUnsentOnes(List<PendingJob> jobs) {
		List<PendingJob> fifo = jobs.stream().filter(job -> job.spec().queue().isFifo()).toList();
		if (fifo.isEmpty()) {
			return jobs;
		}
		Set<String> groups = fifo.stream().map(job -> job.spec().messageGroup()).collect(Collectors.toSet());
		UUID oldest = fifo.stream().map(PendingJob::id).min(UUID::compareTo).orElseThrow();
		Set<String> held = new HashSet<>(rows.groupsWithUnsentBefore(groups, oldest));
		return jobs.stream().filter(job -> !held.contains(job.spec().messageGroup())).toList();
	}

	private static void afterCommit(Runnable action) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					action.run();
				}
			});
		}
		else {
			action.run();
		}
	}

}
