package io.jobsuite.worker.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.jobsuite.model.store.ClaimedJob;
import io.jobsuite.worker.lease.Run.Stop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the leases of the jobs this worker claimed, and fences the ones it cannot prove.
 * {@link #beat()} renews every lease (a third of the lease apart): a run's local deadline
 * becomes the start of the renewing request plus the lease, which is never later than the
 * lease the database wrote. {@link #check()} (every second) stops a run whose deadline
 * comes near without a renewal (a quarter of the lease before it), so that its handler
 * ends before another worker may take the job over; a handler still running just before
 * the deadline ({@link Breach}) would run alongside its successor, which the worker
 * prevents by exiting. Shutdown stops the runs too, but only after the grace. A renewal
 * also finds the jobs whose cancel was requested: their handlers are interrupted, and one
 * still running {@code cancelGrace} later is abandoned like a run whose lease is lost
 * (its lease is no longer renewed, so the job is cancelled by the next claim once it
 * expires).
 */
public class Heartbeat {

	private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

	private final Map<ClaimedJob, Run> runs = new ConcurrentHashMap<>();

	private final Renewal renewal;

	private final Clock clock;

	private final Duration lease;

	private final Breach breach;

	private final Duration cancelGrace;

	private volatile boolean stopping;

	/**
	 * @param cancelGrace how long a handler whose cancel was found may run on before it
	 * is abandoned like one whose lease is lost
	 */
	public Heartbeat(Renewal renewal, Clock clock, Duration lease, Breach breach, Duration cancelGrace) {
		this.renewal = renewal;
		this.clock = clock;
		this.lease = lease;
		this.breach = breach;
		this.cancelGrace = cancelGrace;
	}

	/**
	 * Renews leases; answers the jobs a newer claim owns and those it could not renew
	 * this time, and throws when the store is down.
	 */
	@FunctionalInterface
	public interface Renewal {

		Renewed renew(List<ClaimedJob> jobs);

	}

	/**
	 * What a renewal did not renew.
	 *
	 * @param lost jobs a newer claim owns (or whose lock is gone): their runs stop now
	 * @param notRenewed jobs whose rows were busy (locked by another transaction): their
	 * deadlines stay, so that they alone stop if this lasts
	 * @param cancelRequested jobs renewed whose cancel was requested: their runs stop now
	 * and end CANCELLED
	 */
	public record Renewed(Collection<ClaimedJob> lost, Collection<ClaimedJob> notRenewed,
			Collection<ClaimedJob> cancelRequested) {

		public static Renewed losing(Collection<ClaimedJob> lost) {
			return new Renewed(lost, List.of(), List.of());
		}

	}

	/**
	 * What to do when a handler runs on past the point where its lease may be taken over.
	 */
	@FunctionalInterface
	public interface Breach {

		void outlived(Run run);

	}

	/**
	 * A job was claimed by a request that started at {@code requestedAt}: its lease is
	 * kept from now on.
	 */
	public Run claimed(ClaimedJob job, Instant requestedAt) {
		Run run = new Run(job, requestedAt.plus(lease));
		runs.put(job, run);
		if (stopping) {
			run.stop(Stop.SHUTDOWN);
		}
		return run;
	}

	/** The claim ended (written, released or abandoned): its lease is no longer kept. */
	public void ended(Run run) {
		runs.remove(run.job());
	}

	/** Whether the worker is past its shutdown grace: claim nothing more. */
	public boolean stopping() {
		return stopping;
	}

	/**
	 * Renews every lease in hand, also of jobs whose handlers returned and whose results
	 * wait for their batch to be written; a run whose claim lost the job is stopped.
	 */
	public void beat() {
		List<Run> live = runs.values().stream().filter(Run::renewable).toList();
		if (live.isEmpty()) {
			return;
		}
		Instant requestedAt = clock.instant();
		Set<ClaimedJob> lost;
		Set<ClaimedJob> notRenewed;
		Set<ClaimedJob> cancelRequested;
		try {
			Renewed renewed = renewal.renew(live.stream().map(Run::job).toList());
			lost = new HashSet<>(renewed.lost());
			notRenewed = new HashSet<>(renewed.notRenewed());
			cancelRequested = new HashSet<>(renewed.cancelRequested());
		}
		catch (RuntimeException ex) {
			log.warn("Could not renew the leases of {} jobs; they are stopped before their leases expire unless a "
					+ "renewal succeeds: {}", live.size(), ex.toString());
			return;
		}
		for (Run run : live) {
			if (lost.contains(run.job())) {
				log.warn("Job {} attempt {} lost its lease; its handler is stopped", run.job().id(),
						run.job().attempt());
				run.stop(Stop.FENCED);
			}
			else if (notRenewed.contains(run.job())) {
				log.warn("Job {} attempt {}: its row is locked by another transaction; its lease was not renewed "
						+ "this time", run.job().id(), run.job().attempt());
			}
			else {
				run.renewed(requestedAt.plus(lease));
				if (cancelRequested.contains(run.job()) && !run.cancelRequested()) {
					log.info("Job {} attempt {}: its cancel was requested; its handler is stopped", run.job().id(),
							run.job().attempt());
					run.cancel(requestedAt);
				}
			}
		}
	}

	/** Fences runs whose leases may soon be taken over. */
	public void check() {
		Instant now = clock.instant();
		for (Run run : runs.values()) {
			Instant deadline = run.deadline();
			if (run.running() && !now.isBefore(deadline.minus(lease.dividedBy(12)))) {
				breach.outlived(run);
			}
			else if (run.ignoredCancel(now, cancelGrace)) {
				log.warn(
						"Job {} attempt {}: its handler ran on {} after its cancel; it is abandoned and its lease "
								+ "left to expire, after which the job is cancelled",
						run.job().id(), run.job().attempt(), cancelGrace);
				run.stop(Stop.FENCED);
			}
			else if (run.stopped() != Stop.FENCED && !now.isBefore(deadline.minus(lease.dividedBy(4)))) {
				log.warn("Job {} attempt {}: its lease could not be renewed and may be taken over at {}; "
						+ "stopping its handler", run.job().id(), run.job().attempt(), deadline);
				run.stop(Stop.FENCED);
			}
		}
	}

	/**
	 * The shutdown grace is over: no more claims, and every run still in hand is stopped
	 * (its handler interrupted, or never started) and given back once it has returned.
	 */
	public void stopAll() {
		stopping = true;
		List<Run> unfinished = runs.values().stream().filter(run -> !run.ended()).toList();
		if (!unfinished.isEmpty()) {
			log.warn("Shutdown grace is over: stopping {} jobs; each is given back once its handler returned",
					unfinished.size());
			unfinished.forEach(run -> run.stop(Stop.SHUTDOWN));
		}
	}

}
