package io.jobsuite.worker;

import java.time.Duration;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import io.jobsuite.model.QueueKind;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The worker.
 *
 * @param id this worker's name in leases, locks and attempt records (host name by
 * default)
 * @param lease how long a claim holds a job; the message visibility while it runs is a
 * little longer
 * @param maxBackoff the longest retry delay, whatever the attempt
 * @param lockRecheck how soon a job whose overlap lock is held elsewhere is tried again
 * @param dropWhenLocked job types that are cancelled instead of put back when their
 * overlap lock is held
 * @param shutdownGrace how long a stopping worker lets its in-flight jobs finish before
 * releasing them
 * @param cancelGrace how long a handler may run on once its job's cancel reached it
 * before it is abandoned like one whose lease is lost; unset, one heartbeat
 * @param express consumers of the express queue
 * @param standard consumers of the standard queue
 * @param fifo consumers of the FIFO queue
 */
@Validated
@ConfigurationProperties("jobs.worker")
public record WorkerProperties(@NotBlank String id, @NotNull Duration lease, @NotNull Duration maxBackoff,
		@NotNull Duration lockRecheck, @NotNull Set<String> dropWhenLocked, @NotNull Duration shutdownGrace,
		Duration cancelGrace, @Valid @NotNull Consumers express, @Valid @NotNull Consumers standard,
		@Valid @NotNull Consumers fifo) {

	@Override
	public Duration cancelGrace() {
		return cancelGrace == null ? heartbeat() : cancelGrace;
	}

	/**
	 * How long a received message stays hidden: the lease plus a margin, so that a
	 * message that comes back after its worker died finds the lease already expired and
	 * is taken over at once instead of being deferred as a duplicate (every receive
	 * counts towards the redrive policy's maximum).
	 */
	public Duration visibility() {
		return lease.plusSeconds(2);
	}

	/**
	 * How long after a wait should have ended the reconciler gives a job a fresh message:
	 * two leases, the bound of docs/convergence.md.
	 */
	public Duration recheckAfter() {
		return lease.multipliedBy(2);
	}

	/**
	 * How often a running job's lease, lock and message visibility are extended: a third
	 * of the lease.
	 */
	public Duration heartbeat() {
		return lease.dividedBy(3);
	}

	public Consumers consumersOf(QueueKind queue) {
		return switch (queue) {
			case EXPRESS -> express;
			case STANDARD -> standard;
			case FIFO -> fifo;
		};
	}

	/**
	 * One queue's consumers.
	 *
	 * @param concurrency how many messages of this queue may be in flight on this worker
	 * (a standard-queue message carries up to ten jobs)
	 * @param batchSize how many messages one receive asks for (SQS allows up to 10)
	 * @param threads how many of the queue's jobs run at once; the other jobs in hand
	 * wait for a thread, their leases kept by the heartbeat
	 */
	public record Consumers(@Min(1) @Max(500) int concurrency, @Min(1) @Max(10) int batchSize,
			@Min(1) @Max(500) int threads) {
	}

}
