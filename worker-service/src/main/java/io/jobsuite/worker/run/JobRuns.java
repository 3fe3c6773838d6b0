package io.jobsuite.worker.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.jobsuite.model.JobStatus;
import io.jobsuite.model.QueueKind;
import io.jobsuite.model.store.ClaimResult;
import io.jobsuite.model.store.ClaimedJob;
import io.jobsuite.model.store.Completion;
import io.jobsuite.model.store.JobClaims;
import io.jobsuite.model.store.JobTransitions;
import io.jobsuite.worker.WorkerProperties;
import io.jobsuite.worker.handler.HandlerInvoker;
import io.jobsuite.worker.lease.Heartbeat;
import io.jobsuite.worker.lease.Run;
import io.jobsuite.worker.metrics.JobMetrics;
import io.jobsuite.worker.run.Outcome.Abandoned;
import io.jobsuite.worker.trace.JobSpans;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Runs the jobs of a batch, like db-scheduler's {@code ExecutePicked}: one claim for all,
 * each won job's overlap lock, its handler (side by side on the queue's threads), one
 * transaction for all results, then the locks released. Answers what became of each job;
 * it never throws, so that one job's failure never costs another's result or lease.
 */
@Component
public class JobRuns {

	private static final Logger log = LoggerFactory.getLogger(JobRuns.class);

	private final JobClaims claims;

	private final JobTransitions transitions;

	private final LockWaits lockWaits;

	private final HandlerInvoker invoker;

	private final Heartbeat heartbeat;

	private final HandlerExecutors executors;

	private final JobMetrics metrics;

	private final Clock clock;

	private final WorkerProperties properties;

	private final Duration recheckAfter;

	private final AtomicLong claimSequence = new AtomicLong();

	private final JobSpans spans;

	JobRuns(JobClaims claims, JobTransitions transitions, LockWaits lockWaits, HandlerInvoker invoker,
			Heartbeat heartbeat, HandlerExecutors executors, JobMetrics metrics, Clock clock,
			WorkerProperties properties, JobSpans spans) {
		this.spans = spans;
		this.claims = claims;
		this.transitions = transitions;
		this.lockWaits = lockWaits;
		this.invoker = invoker;
		this.heartbeat = heartbeat;
		this.executors = executors;
		this.metrics = metrics;
		this.clock = clock;
		this.properties = properties;
		this.recheckAfter = properties.recheckAfter();
	}

	/**
	 * Claims and runs these jobs of one queue; FIFO jobs only when they are their group's
	 * turn.
	 */
	public Map<UUID, Outcome> run(QueueKind queue, List<UUID> ids) {
		Map<UUID, Outcome> outcomes = new HashMap<>();
		if (heartbeat.stopping()) {
			ids.forEach(id -> outcomes.put(id, new Outcome.Declined(Duration.ZERO)));
			return outcomes;
		}
		Instant requestedAt = clock.instant();
		Map<UUID, ClaimResult> results;
		try (var claim = spans.claim(ids)) {
			results = claims.claim(ids, properties.id() + "#" + claimSequence.incrementAndGet(), properties.lease(),
					queue.isFifo());
		}
		catch (RuntimeException ex) {
			log.warn("Could not claim {} jobs; their messages come back in {}: {}", ids.size(),
					properties.lockRecheck(), ex.toString());
			ids.forEach(id -> outcomes.put(id, new Outcome.Declined(properties.lockRecheck())));
			return outcomes;
		}
		List<Started> started = new ArrayList<>();
		for (UUID id : ids) {
			if (!(results.get(id) instanceof ClaimResult.Won won)) {
				metrics.unclaimed(queue, results.get(id));
				outcomes.put(id, new Outcome.Unclaimed(results.get(id)));
				continue;
			}
			Run run = heartbeat.claimed(won.job(), requestedAt);
			Outcome waiting = lockWaits.lockOrWait(queue, won.job());
			if (waiting == null) {
				waiting = lockWaits.permitOrWait(queue, won.job());
			}
			if (waiting != null) {
				heartbeat.ended(run);
				outcomes.put(id, waiting);
				continue;
			}
			metrics.started(queue, won.job());
			started.add(new Started(run, start(queue, run, ids.size() > 1)));
		}
		finish(queue, started, outcomes);
		return outcomes;
	}

	private CompletableFuture<Completion> start(QueueKind queue, Run run, boolean inParallel) {
		Supplier<Completion> task = () -> {
			// An interrupt left over on a pool thread is not meant for this job; cleared
			// before the run registers its thread, so that no stop for this job is lost.
			Thread.interrupted();
			if (!run.start()) {
				return null;
			}
			try {
				return invoker.run(run);
			}
			finally {
				run.end();
				// A stop is for the handler only; the thread goes on to write the result.
				Thread.interrupted();
			}
		};
		return inParallel ? CompletableFuture.supplyAsync(task, executors.of(queue))
				: CompletableFuture.completedFuture(task.get());
	}

	private void finish(QueueKind queue, List<Started> started, Map<UUID, Outcome> outcomes) {
		List<Completion> completions = new ArrayList<>();
		try {
			for (Started job : started) {
				Completion completion = job.ended().join();
				Run.Stop stop = job.run().stopped();
				if (stop == Run.Stop.FENCED) {
					metrics.released(queue);
					outcomes.put(job.id(), new Abandoned());
				}
				else if (stop == Run.Stop.CANCELLED) {
					// Whatever the handler returned or threw (or if it never started):
					// the job was asked to stop, and a cancelled job is never retried.
					completions.add(Completion.cancelled(job.run().job(),
							completion == null ? Duration.ZERO : completion.ran()));
				}
				else if (job.run().waitFor() != null) {
					outcomes.put(job.id(), lockWaits.waitFor(queue, job.run().job(), job.run().waitFor()));
					// Given back: its lease is no longer this worker's to renew.
					heartbeat.ended(job.run());
				}
				else if (stop == Run.Stop.SHUTDOWN
						&& (completion == null || completion.status() != JobStatus.SUCCEEDED)) {
					metrics.released(queue);
					outcomes.put(job.id(), lockWaits.giveBack(queue, job.run().job()));
				}
				else {
					completions.add(completion);
				}
			}
			write(queue, completions, outcomes);
		}
		finally {
			lockWaits.releasePermits(started.stream().map(job -> job.run().job()).toList());
			started.forEach(job -> heartbeat.ended(job.run()));
		}
	}

	private void write(QueueKind queue, List<Completion> completions, Map<UUID, Outcome> outcomes) {
		if (completions.isEmpty()) {
			return;
		}
		List<ClaimedJob> jobs = completions.stream().map(Completion::job).toList();
		try {
			Map<UUID, Boolean> held = transitions.complete(completions, queue.isFifo(), recheckAfter, properties.id());
			lockWaits.release(jobs);
			for (Completion completion : completions) {
				metrics.finished(queue, completion);
				boolean ours = held.get(completion.job().id());
				if (!ours) {
					log.warn("Job {} attempt {} lost its lease; its {} result was not written", completion.job().id(),
							completion.job().attempt(), completion.status());
				}
				outcomes.put(completion.job().id(), new Outcome.Ran(completion, ours));
			}
		}
		catch (RuntimeException ex) {
			// Nothing was written: each job's lease expires and another attempt takes it
			// over.
			log.warn("Could not write the results of {} jobs; they are taken over once their leases expire: {}",
					completions.size(), ex.toString());
			jobs.forEach(job -> outcomes.put(job.id(), new Abandoned()));
		}
	}

	/** A handler on its way, and its completion (null when it never started). */
	private record Started(Run run, CompletableFuture<Completion> ended) {

		UUID id() {
			return run.job().id();
		}

	}

}
