package io.jobsuite.worker.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.jobsuite.model.QueueKind;
import io.jobsuite.model.store.ClaimResult;
import io.jobsuite.model.store.ClaimedJob;
import io.jobsuite.model.store.Completion;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * The worker's job meters, one name per concept with bounded tags (queue, type, outcome):
 * {@code jobs.started}, {@code jobs.completed}, {@code jobs.duration},
 * {@code jobs.queue.wait}, {@code jobs.running}, {@code jobs.dead},
 * {@code jobs.duplicate.deliveries} and {@code jobs.lock.waits}.
 */
@Component
public class JobMetrics {

	private final MeterRegistry registry;

	private final Map<QueueKind, AtomicInteger> running = new EnumMap<>(QueueKind.class);

	JobMetrics(MeterRegistry registry) {
		this.registry = registry;
		for (QueueKind queue : QueueKind.values()) {
			AtomicInteger gauge = new AtomicInteger();
			running.put(queue, gauge);
			Gauge.builder("jobs.running", gauge, AtomicInteger::get)
				.description("Jobs running on this worker now")
				.tag("queue", tag(queue))
				.register(registry);
		}
	}

	public void started(QueueKind queue, ClaimedJob job) {
		running.get(queue).incrementAndGet();
		Counter.builder("jobs.started").tags("queue", tag(queue), "type", job.type()).register(registry).increment();
		if (job.attempt() == 1 && job.createdAt() != null) {
			Timer.builder("jobs.queue.wait")
				.description("From enqueue to the first start")
				.tags("queue", tag(queue), "type", job.type())
				.publishPercentiles(0.5, 0.95, 0.99)
				.register(registry)
				.record(Duration.between(job.createdAt(), job.startedAt()));
		}
	}

	public void finished(QueueKind queue, Completion completion) {
		running.get(queue).decrementAndGet();
		String type = completion.job().type();
		Counter.builder("jobs.completed")
			.tags("queue", tag(queue), "type", type, "outcome", outcomeOf(completion))
			.register(registry)
			.increment();
		Timer.builder("jobs.duration")
			.description("How long an attempt ran")
			.tags("queue", tag(queue), "type", type)
			.publishPercentiles(0.5, 0.95, 0.99)
			.register(registry)
			.record(completion.ran());
	}

	/**
	 * A running job given back unfinished (shutdown): it is no longer running here, and
	 * did not complete.
	 */
	public void released(QueueKind queue) {
		running.get(queue).decrementAndGet();
	}

	/**
	 * A message moved to the dead-letter queue: a job out of attempts, or a message that
	 * is not a job.
	 */
	public void deadLettered(QueueKind queue, boolean malformed) {
		Counter.builder("jobs.dead")
			.tags("queue", tag(queue), "kind", malformed ? "malformed" : "failed")
			.register(registry)
			.increment();
	}

	/**
	 * A delivery of a job that was not claimed: a duplicate of a finished job or of one
	 * another worker holds (counted as a duplicate delivery), or a FIFO job waiting for
	 * an older one of its group.
	 */
	public void unclaimed(QueueKind queue, ClaimResult result) {
		if (result instanceof ClaimResult.Busy || result instanceof ClaimResult.Finished) {
			Counter.builder("jobs.duplicate.deliveries").tag("queue", tag(queue)).register(registry).increment();
		}
		else if (result instanceof ClaimResult.BehindOlder) {
			Counter.builder("jobs.fifo.waits")
				.description("FIFO jobs delivered before an older job of their group ended: parked in order")
				.tag("queue", tag(queue))
				.register(registry)
				.increment();
		}
	}

	/**
	 * A bundle came back (its worker died or stalled holding it) and was broken up into
	 * single-job messages.
	 */
	public void bundleReturned(QueueKind queue) {
		Counter.builder("jobs.bundles.returned")
			.description("Bundles received again and broken up into single-job messages")
			.tag("queue", tag(queue))
			.register(registry)
			.increment();
	}

	/**
	 * A claimed job found its overlap key locked by another job: put back or dropped, its
	 * attempt not counted.
	 */
	public void lockWait(String type) {
		Counter.builder("jobs.lock.waits")
			.description("Claims that found their overlap lock held")
			.tag("type", type)
			.register(registry)
			.increment();
	}

	private static String outcomeOf(Completion completion) {
		return switch (completion.status()) {
			case SUCCEEDED -> "succeeded";
			case RETRYING -> "retried";
			case CANCELLED -> "cancelled";
			default -> "failed";
		};
	}

	private static String tag(QueueKind queue) {
		return queue.tag();
	}

}
