package io.jobsuite.worker.sqs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.listener.Visibility;
import io.awspring.cloud.sqs.listener.acknowledgement.BatchAcknowledgement;
import io.jobsuite.model.JobMessageCodec;
import io.jobsuite.model.JobMessageCodec.Decoded;
import io.jobsuite.model.QueueKind;
import io.jobsuite.worker.WorkerProperties;
import io.jobsuite.worker.claim.ClaimResult;
import io.jobsuite.worker.claim.ClaimedJob;
import io.jobsuite.worker.claim.Completion;
import io.jobsuite.worker.claim.JobClaims;
import io.jobsuite.worker.handler.HandlerInvoker;
import io.jobsuite.worker.metrics.JobMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * Turns a batch of received messages into finished jobs with as few round trips as possible: one claim
 * for the batch, handlers in parallel, one transaction for all results, then deletes, deferrals and
 * dead letters. FIFO batches go group by group, one job at a time, and a group stops at its first job
 * that is not finished, so job n+1 never starts before job n is done.
 */
@Component
class MessageBatchProcessor {

	private static final Logger log = LoggerFactory.getLogger(MessageBatchProcessor.class);

	private static final int MAX_VISIBILITY_SECONDS = 43_200;

	private final JobMessageCodec codec;

	private final JobClaims claims;

	private final HandlerInvoker invoker;

	private final DeadLetters deadLetters;

	private final Executor handlerExecutor;

	private final JobMetrics metrics;

	private final Clock clock;

	private final Duration lease;

	private final Duration busyRecheck;

	MessageBatchProcessor(JobMessageCodec codec, JobClaims claims, HandlerInvoker invoker, DeadLetters deadLetters,
			@Qualifier("jobHandlerExecutor") Executor handlerExecutor, JobMetrics metrics, Clock clock,
			WorkerProperties properties) {
		this.codec = codec;
		this.claims = claims;
		this.invoker = invoker;
		this.deadLetters = deadLetters;
		this.handlerExecutor = handlerExecutor;
		this.metrics = metrics;
		this.clock = clock;
		this.lease = properties.lease();
		this.busyRecheck = properties.busyRecheck();
	}

	void process(QueueKind queue, List<Message<String>> messages, BatchAcknowledgement<String> acknowledgement) {
		Map<Message<String>, Settlement> settlements = new LinkedHashMap<>();
		Map<UUID, Delivery> deliveries = new LinkedHashMap<>();
		for (Message<String> message : messages) {
			Decoded decoded = codec.read(message.getPayload());
			if (decoded instanceof Decoded.Malformed malformed) {
				settlements.put(message, new Settlement.DeadLetter(malformed.reason(), true));
			}
			else if (decoded instanceof Decoded.Valid valid) {
				Delivery delivery = new Delivery(message, valid.message());
				if (deliveries.putIfAbsent(delivery.jobId(), delivery) != null) {
					// The same job twice in one batch: the first copy stays until the job is done.
					settlements.put(message, new Settlement.Delete());
				}
			}
		}
		if (queue.isFifo()) {
			processInGroupOrder(queue, new ArrayList<>(deliveries.values()), settlements);
		}
		else {
			settlements.putAll(processTogether(queue, new ArrayList<>(deliveries.values())));
		}
		settle(queue, settlements, acknowledgement);
	}

	private void processInGroupOrder(QueueKind queue, List<Delivery> deliveries,
			Map<Message<String>, Settlement> settlements) {
		Map<String, List<Delivery>> groups = new LinkedHashMap<>();
		deliveries.forEach(d -> groups.computeIfAbsent(String.valueOf(d.messageGroup()), g -> new ArrayList<>()).add(d));
		List<CompletableFuture<Map<Message<String>, Settlement>>> running = groups.values()
			.stream()
			.map(group -> CompletableFuture.supplyAsync(() -> processGroup(queue, group), handlerExecutor))
			.toList();
		running.forEach(group -> settlements.putAll(group.join()));
	}

	private Map<Message<String>, Settlement> processGroup(QueueKind queue, List<Delivery> group) {
		Map<Message<String>, Settlement> settlements = new LinkedHashMap<>();
		for (int i = 0; i < group.size(); i++) {
			Settlement settlement = processTogether(queue, List.of(group.get(i))).get(group.get(i).message());
			settlements.put(group.get(i).message(), settlement);
			if (!settlement.removesMessage()) {
				// The rest of the group goes back behind this one; SQS keeps them in order.
				group.subList(i + 1, group.size())
					.forEach(later -> settlements.put(later.message(), new Settlement.Defer(Duration.ZERO)));
				break;
			}
		}
		return settlements;
	}

	private Map<Message<String>, Settlement> processTogether(QueueKind queue, List<Delivery> deliveries) {
		Map<Message<String>, Settlement> settlements = new HashMap<>();
		if (deliveries.isEmpty()) {
			return settlements;
		}
		Instant now = clock.instant();
		Map<UUID, ClaimResult> results = claims.claim(deliveries.stream().map(Delivery::jobId).toList(), now, lease);
		List<CompletableFuture<Completion>> running = new ArrayList<>();
		Map<UUID, Delivery> byJob = new HashMap<>();
		for (Delivery delivery : deliveries) {
			byJob.put(delivery.jobId(), delivery);
			ClaimResult result = results.get(delivery.jobId());
			if (result instanceof ClaimResult.Won won) {
				metrics.started(queue, won.job());
				running.add(start(won.job(), deliveries.size() > 1));
			}
			else if (result instanceof ClaimResult.Busy busy) {
				metrics.duplicateDelivery(queue);
				Duration wait = Duration.between(now, busy.retryAt());
				settlements.put(delivery.message(), new Settlement.Defer(wait.compareTo(busyRecheck) < 0 ? wait : busyRecheck));
			}
			else if (result instanceof ClaimResult.Finished) {
				metrics.duplicateDelivery(queue);
				settlements.put(delivery.message(), new Settlement.Delete());
			}
			else {
				settlements.put(delivery.message(),
						new Settlement.DeadLetter("no job " + delivery.jobId() + " in the database", true));
			}
		}
		if (running.isEmpty()) {
			return settlements;
		}
		List<Completion> completions = running.stream().map(CompletableFuture::join).toList();
		completions.forEach(completion -> metrics.finished(queue, completion));
		Map<UUID, Boolean> held = claims.complete(completions);
		for (Completion completion : completions) {
			Message<String> message = byJob.get(completion.job().id()).message();
			settlements.put(message, held.get(completion.job().id()) ? settlementOf(completion) : leaseLost(completion));
		}
		return settlements;
	}

	private CompletableFuture<Completion> start(ClaimedJob job, boolean inParallel) {
		return inParallel ? CompletableFuture.supplyAsync(() -> invoker.run(job), handlerExecutor)
				: CompletableFuture.completedFuture(invoker.run(job));
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
			if (settlement instanceof Settlement.DeadLetter dead) {
				deadLetters.send(queue, message, dead.reason());
				metrics.deadLettered(queue, dead.malformed());
			}
			if (settlement.removesMessage()) {
				delete.add(message);
			}
			else if (settlement instanceof Settlement.Defer defer) {
				visibilityOf(message).changeToAsync(seconds(defer.delay()));
			}
		});
		if (!delete.isEmpty()) {
			acknowledgement.acknowledge(delete);
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
