package io.jobsuite.worker.sqs;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.jobsuite.model.JobMessageCodec;
import io.jobsuite.model.QueueKind;
import io.jobsuite.worker.WorkerProperties;
import io.jobsuite.worker.lease.HeldMessages;
import io.jobsuite.worker.run.Decisions;
import io.jobsuite.worker.run.FifoGroups;
import io.jobsuite.worker.run.JobRuns;
import io.jobsuite.worker.run.Outcome;
import io.jobsuite.worker.trace.JobSpans;
import io.jobsuite.model.trace.JobTracing;
import io.micrometer.tracing.Span;

import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * A received batch, from messages to settlements: decoded into the jobs it carries, run
 * ({@link JobRuns}, or {@link FifoGroups} in group order), each job's outcome turned into
 * what becomes of its message ({@link Decisions}), and settled on SQS. While the batch is
 * in hand its messages stay invisible. A message that carries a {@code traceparent} is
 * traced from its receive to its settlement.
 */
@Component
class MessageBatchProcessor {

	private final BatchDecoder decoder;

	private final JobRuns runs;

	private final FifoGroups fifo;

	private final MessageSettler settler;

	private final HeldMessages held;

	private final JobMessageCodec codec;

	private final Duration visibility;

	private final JobSpans spans;

	MessageBatchProcessor(BatchDecoder decoder, JobRuns runs, FifoGroups fifo, MessageSettler settler,
			HeldMessages held, JobMessageCodec codec, WorkerProperties properties, JobSpans spans) {
		this.spans = spans;
		this.decoder = decoder;
		this.runs = runs;
		this.fifo = fifo;
		this.settler = settler;
		this.held = held;
		this.codec = codec;
		this.visibility = properties.visibility();
	}

	void process(QueueKind queue, List<Message<String>> messages) {
		held.hold(queue, messages);
		Map<Span, List<UUID>> received = Map.of();
		try {
			Batch batch = decoder.decode(queue, messages);
			List<Delivery> deliveries = batch.deliveries();
			received = receive(queue, deliveries);
			Map<UUID, Outcome> outcomes = deliveries.isEmpty() ? Map.of()
					: queue.isFifo() ? fifo.run(byGroup(deliveries))
							: runs.run(queue, deliveries.stream().map(Delivery::jobId).toList());
			settler.settle(queue,
					batch.settlements(outcomes, outcome -> Decisions.settlement(queue, outcome, visibility), codec));
		}
		finally {
			received.forEach(spans::done);
			held.release(messages);
		}
	}

	/** A receive span for each traced message, with the jobs it carries. */
	private Map<Span, List<UUID>> receive(QueueKind queue, List<Delivery> deliveries) {
		Map<Message<String>, List<UUID>> traced = deliveries.stream()
			.filter(delivery -> delivery.message().getHeaders().get(JobTracing.TRACEPARENT) instanceof String)
			.collect(Collectors.groupingBy(Delivery::message, LinkedHashMap::new,
					Collectors.mapping(Delivery::jobId, Collectors.toList())));
		Map<Span, List<UUID>> received = new LinkedHashMap<>();
		traced.forEach((message, jobs) -> received.put(spans.receive(queue, Delivery.messageId(message),
				(String) message.getHeaders().get(JobTracing.TRACEPARENT), jobs), jobs));
		return received;
	}

	private static Map<String, List<UUID>> byGroup(List<Delivery> deliveries) {
		Map<String, List<UUID>> groups = new LinkedHashMap<>();
		deliveries.forEach(delivery -> groups
			.computeIfAbsent(String.valueOf(delivery.messageGroup()), group -> new java.util.ArrayList<>())
			.add(delivery.jobId()));
		return groups;
	}

}
