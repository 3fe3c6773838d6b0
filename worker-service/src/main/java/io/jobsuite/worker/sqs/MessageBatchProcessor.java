package io.jobsuite.worker.sqs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.listener.Visibility;
import io.awspring.cloud.sqs.listener.acknowledgement.BatchAcknowledgement;
import io.jobsuite.model.JobMessage;
import io.jobsuite.model.JobMessageCodec;
import io.jobsuite.model.JobMessageCodec.Decoded;
import io.jobsuite.model.JobStatus;
import io.jobsuite.model.QueueKind;
import io.jobsuite.worker.WorkerProperties;
import io.jobsuite.worker.claim.ClaimResult;
import io.jobsuite.worker.claim.ClaimedJob;
import io.jobsuite.worker.claim.Completion;
import io.jobsuite.worker.claim.JobClaims;
import io.jobsuite.worker.handler.HandlerInvoker;
import io.jobsuite.worker.lease.InFlightJobs;
import io.jobsuite.worker.lock.OverlapLocks;
import io.jobsuite.worker.metrics.JobMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * Turns a batch of received messages into finished jobs with as few round trips as
 * possible: one claim for all the jobs they carry (a standard-queue message may carry a
 * bundle of them), handlers in parallel, one transaction for all results, then deletes,
 * deferrals and dead letters. FIFO batches go group by group, one job at a time, and a
 * group stops at its first job that is not finished, so job n+1 never starts before job n
 * is done. A job with an overlap key runs only once it holds that key's lock; otherwise
 * its claim is given back uncounted and its message sent again later (or the job is
 * dropped, for types configured so). While a batch is in hand, {@link InFlightJobs} keeps
 * its leases, locks and message visibility alive.
 */
@Component
class MessageBatchProcessor {

	private static final Logger log = LoggerFactory.getLogger(MessageBatchProcessor.class);

	private static final int MAX_VISIBILITY_SECONDS = 43_200;

	private final JobMessageCodec codec;

	private final JobClaims claims;

	private final OverlapLocks locks;

	private final InFlightJobs inFlight;

	private final HandlerInvoker invoker;

	private final DeadLetters deadLetters;

	private final DelayedResend resend;

	private final HandlerExecutors executors;

	private final JobMetrics metrics;

	private final Clock clock;

	private final Duration lease;

	private final Duration visibility;

	private final Duration busyRecheck;

	private final Duration lockRecheck;

	private final Set<String> dropWhenLocked;

	MessageBatchProcessor(JobMessageCodec codec, JobClaims claims, OverlapLocks locks, InFlightJobs inFlight,
			HandlerInvoker invoker, DeadLetters deadLetters, DelayedResend resend, HandlerExecutors executors,
			JobMetrics metrics, Clock clock, WorkerProperties properties) {
		this.codec = codec;
		this.claims = claims;
		this.locks = locks;
		this.inFlight = inFlight;
		this.invoker = invoker;
		this.deadLetters = deadLetters;
		this.resend = resend;
		this.executors = executors;
		this.metrics = metrics;
		this.clock = clock;
		this.lease = properties.lease();
		this.visibility = properties.visibility();
		this.busyRecheck = properties.busyRecheck();
		this.lockRecheck = properties.lockRecheck();
		this.dropWhenLocked = properties.dropWhenLocked();
	}

	void process(QueueKind queue, List<Message<String>> messages, BatchAcknowledgement<String> acknowledgement) {
		inFlight.hold(queue, messages);
		Map<Message<String>, Settlement> settlements;
		try {
			settlements = settlementsOf(queue, messages);
		}
		finally {
			inFlight.settled(messages);
		}
		settle(queue, settlements, acknowledgement);
	}

	private Map<Message<String>, Settlement> settlementsOf(QueueKind queue, List<Message<String>> messages) {
		Map<Message<String>, Settlement> settlements = new LinkedHashMap<>();
		Map<Message<String>, Decoded.Valid> bundles = new LinkedHashMap<>();
		Map<UUID, Delivery> deliveries = new LinkedHashMap<>();
		for (Message<String> message : messages) {
			Decoded decoded = codec.read(message.getPayload());
			if (decoded instanceof Decoded.Malformed malformed) {
				settlements.put(message, new Settlement.DeadLetter(malformed.reason(), true));
			}
			else if (decoded instanceof Decoded.Valid valid && valid.bundle() && queue.isFifo()) {
				settlements.put(message,
						new Settlement.DeadLetter("a bundle of jobs on a FIFO queue, where order is per job", true));
			}
			else if (decoded instanceof Decoded.Valid valid && valid.bundle() && Delivery.receiveCount(message) > 1) {
				metrics.bundleReturned(queue);
				settlements.put(message, brokenUp(valid));
			}
			else if (decoded instanceof Decoded.Valid valid) {
				List<Delivery> carried = valid.jobs().stream().map(job -> new Delivery(message, job)).toList();
				if (valid.bundle()) {
					bundles.put(message, valid);
				}
				for (Delivery delivery : carried) {
					if (deliveries.putIfAbsent(delivery.jobId(), delivery) != null && !valid.bundle()) {
						// The same job twice in one batch: the first copy stays until the
						// job is done.
						settlements.put(message, new Settlement.Delete());
					}
				}
			}
		}
		Map<UUID, Settlement> byJob = queue.isFifo() ? processInGroupOrder(queue, new ArrayList<>(deliveries.values()))
				: processTogether(queue, new ArrayList<>(deliveries.values()));
		deliveries.values()
			.stream()
			.filter(delivery -> !bundles.containsKey(delivery.message()))
			.forEach(delivery -> settlements.put(delivery.message(), byJob.get(delivery.jobId())));
		bundles.forEach(
				(message, bundle) -> settlements.put(message, bundleSettlement(message, bundle, deliveries, byJob)));
		return settlements;
	}

	/**
	 * A bundle leaves the queue as a whole; each of its jobs that is not done goes on as
	 * a message of its own (a job carried twice in the batch is settled by its first
	 * copy), each entry that is not a job to the dead-letter queue.
	 */
	private Settlement bundleSettlement(Message<String> message, Decoded.Valid bundle, Map<UUID, Delivery> deliveries,
			Map<UUID, Settlement> byJob) {
		List<Settlement.Part> parts = new ArrayList<>();
		for (JobMessage job : bundle.jobs()) {
			Delivery settling = deliveries.get(job.id());
			Settlement settlement = byJob.get(job.id());
			// A job simply done needs nothing more (and its envelope is not encoded again
			// on the hot path).
			if (settling.message() == message && settling.job() == job && !(settlement instanceof Settlement.Delete)) {
				parts.add(new Settlement.Part(codec.write(job), settlement));
			}
		}
		return new Settlement.Split(withRejected(bundle, parts));
	}

	/**
	 * A bundle that comes back (its worker died or stalled holding it) is broken up, its
	 * jobs sent on as messages of their own: each then has its own receive count, so that
	 * crashes while ten jobs travel together do not take all ten to the redrive limit
	 * (and the dead-letter queue) at once.
	 */
	private Settlement brokenUp(Decoded.Valid bundle) {
		List<Settlement.Part> parts = new ArrayList<>();
		bundle.jobs()
			.forEach(job -> parts.add(new Settlement.Part(codec.write(job), new Settlement.Resend(Duration.ZERO))));
		return new Settlement.Split(withRejected(bundle, parts));
	}

	/**
	 * The bundle's entries that are not jobs go to the dead-letter queue, each on its
	 * own.
	 */
	private static List<Settlement.Part> withRejected(Decoded.Valid bundle, List<Settlement.Part> parts) {
		bundle.rejected()
			.forEach(rejected -> parts
				.add(new Settlement.Part(rejected.body(), new Settlement.DeadLetter(rejected.reason(), true))));
		return parts;
	}

	private Map<UUID, Settlement> processInGroupOrder(QueueKind queue, List<Delivery> deliveries) {
		Map<String, List<Delivery>> groups = new LinkedHashMap<>();
		deliveries
			.forEach(d -> groups.computeIfAbsent(String.valueOf(d.messageGroup()), g -> new ArrayList<>()).add(d));
		List<CompletableFuture<Map<UUID, Settlement>>> running = groups.values()
			.stream()
			.map(group -> CompletableFuture.supplyAsync(() -> processGroup(queue, group), executors.of(queue)))
			.toList();
		Map<UUID, Settlement> settlements = new HashMap<>();
		running.forEach(group -> settlements.putAll(group.join()));
		return settlements;
	}

	private Map<UUID, Settlement> processGroup(QueueKind queue, List<Delivery> group) {
		Map<UUID, Settlement> settlements = new HashMap<>();
		for (int i = 0; i < group.size(); i++) {
			Settlement settlement = processTogether(queue, List.of(group.get(i))).get(group.get(i).jobId());
			settlements.put(group.get(i).jobId(), settlement);
			if (!settlement.removesMessage()) {
				// The rest of the group goes back behind this one; SQS keeps them in
				// order.
				group.subList(i + 1, group.size())
					.forEach(later -> settlements.put(later.jobId(), new Settlement.Defer(Duration.ZERO)));
				break;
			}
		}
		return settlements;
	}

	private Map<UUID, Settlement> processTogether(QueueKind queue, List<Delivery> deliveries) {
		Map<UUID, Settlement> settlements = new HashMap<>();
		if (deliveries.isEmpty()) {
			return settlements;
		}
		if (inFlight.stopping()) {
			deliveries.forEach(delivery -> settlements.put(delivery.jobId(), new Settlement.Defer(Duration.ZERO)));
			return settlements;
		}
		Instant now = clock.instant();
		Map<UUID, ClaimResult> results = claims.claim(deliveries.stream().map(Delivery::jobId).toList(), now, lease);
		List<Running> running = new ArrayList<>();
		for (Delivery delivery : deliveries) {
			ClaimResult result = results.get(delivery.jobId());
			if (result instanceof ClaimResult.Won won) {
				Settlement waiting;
				try {
					waiting = lockOrWait(queue, won.job(), now);
				}
				catch (RuntimeException ex) {
					// Handlers of this batch may already run: go on with them. This claim
					// stands until its lease
					// expires; whoever takes the job over then records the attempt as
					// abandoned.
					log.warn(
							"Job {} was claimed but its overlap lock could not be taken; it is taken over once its lease expires: {}",
							delivery.jobId(), ex.toString());
					settlements.put(delivery.jobId(), new Settlement.Leave());
					continue;
				}
				if (waiting != null) {
					settlements.put(delivery.jobId(), waiting);
					continue;
				}
				inFlight.claimed(delivery.message(), won.job());
				metrics.started(queue, won.job());
				running.add(new Running(delivery.message(), won.job(),
						start(queue, delivery, won.job(), deliveries.size() > 1)));
			}
			else if (result instanceof ClaimResult.Busy busy) {
				metrics.duplicateDelivery(queue);
				Duration wait = Duration.between(now, busy.retryAt());
				settlements.put(delivery.jobId(),
						new Settlement.Defer(wait.compareTo(busyRecheck) < 0 ? wait : busyRecheck));
			}
			else if (result instanceof ClaimResult.Finished) {
				metrics.duplicateDelivery(queue);
				settlements.put(delivery.jobId(), new Settlement.Delete());
			}
			else {
				settlements.put(delivery.jobId(),
						new Settlement.DeadLetter("no job " + delivery.jobId() + " in the database", true));
			}
		}
		if (running.isEmpty()) {
			return settlements;
		}
		List<Completion> completions = new ArrayList<>();
		Map<UUID, Message<String>> messages = new HashMap<>();
		for (Running job : running) {
			Ended ended = job.ended().join();
			if (ended.givenBack()) {
				// Shutdown cut it short or kept it from starting: not a failed attempt,
				// give it back for another
				// worker to run now (a lease already taken over is not released: the
				// release is fenced).
				metrics.released(queue);
				inFlight.release(job.job());
				inFlight.unclaimed(job.message(), job.job());
				settlements.put(job.job().id(), new Settlement.Defer(Duration.ZERO));
			}
			else {
				metrics.finished(queue, ended.completion());
				completions.add(ended.completion());
				messages.put(job.job().id(), job.message());
			}
		}
		if (completions.isEmpty()) {
			return settlements;
		}
		Map<UUID, Boolean> held = claims.complete(completions);
		locks.release(completions.stream().map(Completion::job).toList());
		for (Completion completion : completions) {
			inFlight.unclaimed(messages.get(completion.job().id()), completion.job());
			settlements.put(completion.job().id(),
					held.get(completion.job().id()) ? settlementOf(completion) : leaseLost(completion));
		}
		return settlements;
	}

	/**
	 * Takes the overlap lock of a job just claimed; when another job holds it, gives the
	 * claim back without counting the attempt and answers what to do with the message
	 * (null: the job may run).
	 */
	private Settlement lockOrWait(QueueKind queue, ClaimedJob job, Instant now) {
		if (job.overlapKey() == null || locks.acquire(job, now, now.plus(lease))) {
			return null;
		}
		metrics.lockWait(job.type());
		if (dropWhenLocked.contains(job.type())) {
			String reason = "dropped: overlap key '" + job.overlapKey() + "' was held by another job";
			if (claims.releaseAndCancel(job, now, reason)) {
				log.info("Job {} {}", job.id(), reason);
				return new Settlement.Delete();
			}
			return new Settlement.Leave();
		}
		if (!claims.release(job)) {
			return new Settlement.Leave();
		}
		return queue.isFifo() ? new Settlement.Defer(lockRecheck) : new Settlement.Resend(lockRecheck);
	}

	private CompletableFuture<Ended> start(QueueKind queue, Delivery delivery, ClaimedJob job, boolean inParallel) {
		Supplier<Ended> run = () -> {
			if (!inFlight.running(delivery.message(), job)) {
				return Ended.NOT_STARTED;
			}
			Completion completion = null;
			boolean interrupted;
			try {
				// An interrupt left over on a pool thread is not meant for this job.
				Thread.interrupted();
				completion = invoker.run(job);
			}
			finally {
				interrupted = inFlight.returned(delivery.message(), job);
				// A shutdown interrupt is for the handler only; the thread goes on to
				// write the result.
				Thread.interrupted();
			}
			return new Ended(completion, interrupted);
		};
		return inParallel ? CompletableFuture.supplyAsync(run, executors.of(queue))
				: CompletableFuture.completedFuture(run.get());
	}

	private Settlement settlementOf(Completion completion) {
		return switch (completion.status()) {
			case SUCCEEDED -> new Settlement.Delete();
			case RETRYING -> new Settlement.Defer(Duration.between(clock.instant(), completion.retryAt()));
			case FAILED -> new Settlement.DeadLetter("job " + completion.job().id() + " failed after attempt "
					+ completion.job().attempt() + ": " + completion.error().summary(), false);
			default -> throw new IllegalStateException("Not an end of an attempt: " + completion.status());
		};
	}

	private static Settlement leaseLost(Completion completion) {
		log.warn("Job {} attempt {} lost its lease; its {} result was not written", completion.job().id(),
				completion.job().attempt(), completion.status());
		return new Settlement.Leave();
	}

	private void settle(QueueKind queue, Map<Message<String>, Settlement> settlements,
			BatchAcknowledgement<String> acknowledgement) {
		List<Message<String>> delete = new ArrayList<>();
		settlements.forEach((message, settlement) -> {
			try {
				if (settlement instanceof Settlement.Split split) {
					split.parts().forEach(part -> settleApart(queue, message, part.body(), part.settlement()));
				}
				else if (settlement instanceof Settlement.Defer defer) {
					visibilityOf(message).changeToAsync(seconds(defer.delay()));
				}
				else if (settlement instanceof Settlement.DeadLetter || settlement instanceof Settlement.Resend) {
					// The message's own body goes on the way a bundle's part does.
					settleApart(queue, message, message.getPayload(), settlement);
				}
				if (settlement.removesMessage()) {
					delete.add(message);
				}
			}
			catch (RuntimeException ex) {
				// One message that cannot be settled must not hold up the others; it
				// comes back by itself.
				log.warn("Could not settle message {} as {}; it returns after its visibility timeout: {}",
						Delivery.messageId(message), settlement, ex.toString());
			}
		});
		if (!delete.isEmpty()) {
			acknowledgement.acknowledge(delete);
		}
	}

	/**
	 * Sends a body on as a message of its own, to the dead-letter queue or back to the
	 * queue after its delay: a message dead-lettered or re-sent, or a part of a bundle
	 * that is not done, since the bundle is deleted. A bundle's job whose lease a newer
	 * attempt won is sent again too, after a visibility timeout, in case that attempt
	 * came from this very bundle.
	 */
	private void settleApart(QueueKind queue, Message<String> bundle, String body, Settlement settlement) {
		if (settlement instanceof Settlement.DeadLetter dead) {
			deadLetters.send(queue, bundle, body, dead.reason());
			metrics.deadLettered(queue, dead.malformed());
		}
		else if (settlement instanceof Settlement.Resend again) {
			resend.send(queue, body, again.delay());
		}
		else if (settlement instanceof Settlement.Defer defer) {
			resend.send(queue, body, defer.delay());
		}
		else if (settlement instanceof Settlement.Leave) {
			resend.send(queue, body, visibility);
		}
		else if (!(settlement instanceof Settlement.Delete)) {
			// Deleting the bundle now could lose this job: keep the bundle, it comes
			// back.
			throw new IllegalStateException("No way to settle a job of a bundle as " + settlement);
		}
	}

	/** A handler on its way: the message it came with, the claim, and how it ends. */
	private record Running(Message<String> message, ClaimedJob job, CompletableFuture<Ended> ended) {
	}

	/**
	 * How a handler returned, and whether shutdown interrupted it first (or kept it from
	 * starting).
	 */
	private record Ended(Completion completion, boolean interrupted) {

		static final Ended NOT_STARTED = new Ended(null, true);

		boolean givenBack() {
			return interrupted && (completion == null || completion.status() != JobStatus.SUCCEEDED);
		}

	}

	private static Visibility visibilityOf(Message<String> message) {
		return (Visibility) message.getHeaders().get(SqsHeaders.SQS_VISIBILITY_TIMEOUT_HEADER);
	}

	private static int seconds(Duration delay) {
		// Round up so that a deferred message never returns before the job can run.
		long seconds = (delay.toMillis() + 999) / 1000;
		return (int) Math.max(0, Math.min(MAX_VISIBILITY_SECONDS, seconds));
	}

}
