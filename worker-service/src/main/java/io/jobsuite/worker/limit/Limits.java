package io.jobsuite.worker.limit;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import io.jobsuite.model.store.ClaimedJob;
import io.jobsuite.worker.handler.JobContext;
import io.jobsuite.worker.handler.JobMustWait;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Concurrency limits shared by every worker: a fixed one per configured job type, taken
 * before the handler runs and held until the job ends, and an adaptive one per upstream
 * host, held by the handler for its call. Permits are held by the job's attempt and
 * renewed with its lease. A job that finds no permit waits (its attempt given back); a
 * job type or host without a limit costs no statement.
 */
@Component
public class Limits {

	private static final Logger log = LoggerFactory.getLogger(Limits.class);

	private final PermitStore store;

	private final LimitsProperties properties;

	private final Clock clock;

	private final MeterRegistry meters;

	/** Limits whose rows this worker has declared (created, or moved to its max). */
	private final Set<String> declared = ConcurrentHashMap.newKeySet();

	/** Attempts on this worker that hold permits: the only ones renewed and released. */
	private final Set<String> holders = ConcurrentHashMap.newKeySet();

	/** Successes per upstream limit since the last flush. */
	private final Map<String, Integer> successes = new ConcurrentHashMap<>();

	Limits(PermitStore store, LimitsProperties properties, Clock clock, MeterRegistry meters) {
		this.store = store;
		this.properties = properties;
		this.clock = clock;
		this.meters = meters;
	}

	/**
	 * Takes the permit of the job's type; null when it may run (it got one, or its type
	 * has no limit), else how long it waits.
	 */
	public Duration typePermit(ClaimedJob job) {
		Integer max = properties.jobTypes().get(job.type());
		if (max == null) {
			return null;
		}
		String key = "type:" + job.type();
		return take(key, max, false, holder(job.id().toString(), job.attempt()));
	}

	/**
	 * Runs {@code call} to {@code host} under the host's permit: throws
	 * {@link JobMustWait} when there is none, or when the host answers 429 (or 503 with a
	 * Retry-After); a push-back lowers the host's limit and successes raise it.
	 */
	public <T> T upstream(JobContext context, String host, Supplier<T> call) {
		int max = host == null ? 0 : properties.upstream().maxOf(host);
		if (max == 0) {
			return call.get();
		}
		String key = "upstream:" + host;
		String holder = holder(context.jobId().toString(), context.attempt());
		Duration wait = take(key, max, true, holder);
		if (wait != null) {
			throw new JobMustWait("waiting for a permit of upstream " + host, wait);
		}
		try {
			T result = call.get();
			successes.merge(key, 1, Integer::sum);
			return result;
		}
		catch (RuntimeException ex) {
			Pushback pushback = Pushback.of(ex, clock);
			if (pushback == null) {
				throw ex;
			}
			meters.counter("jobs.limit.throttles", "kind", "upstream").increment();
			Duration pause = pushback.waits() && pushback.retryAfter() == null
					? properties.upstream().defaultRetryAfter() : pushback.retryAfter();
			adjust(key, state -> Aimd.throttled(state, pause, pushback.what(), properties.upstream()));
			if (pushback.waits()) {
				throw new JobMustWait("upstream " + host + " answered " + pushback.what(), pause);
			}
			throw ex;
		}
		finally {
			// The call is what the host's limit bounds: its permit is freed at once, not
			// when the job (or the batch it came in) has ended.
			releaseCall(key, holder, context.type());
		}
	}

	private void releaseCall(String key, String holder, String type) {
		try {
			store.release(key, holder);
		}
		catch (RuntimeException ex) {
			log.warn("Could not release the permit of {}; it comes free after {}: {}", key, properties.permitLease(),
					ex.toString());
		}
		if (!properties.jobTypes().containsKey(type)) {
			holders.remove(holder);
		}
	}

	private Duration take(String key, int max, boolean adaptive, String holder) {
		if (declared.add(key + "#" + max)) {
			store.declare(key, max, adaptive);
		}
		if (store.acquire(key, holder, properties.permitLease())) {
			holders.add(holder);
			return null;
		}
		meters.counter("jobs.limit.waits", "kind", adaptive ? "upstream" : "type").increment();
		Duration paused = store.pausedFor(key);
		// Spread out, so that the jobs that found the limit full do not all come back at
		// once.
		Duration recheck = properties.recheck()
			.plusMillis(ThreadLocalRandom.current().nextLong(properties.recheck().toMillis() + 1));
		return paused.isZero() ? recheck : paused.plus(recheck.dividedBy(4));
	}

	/** Renews the permits these jobs' attempts hold, with their leases. */
	public void renew(Collection<ClaimedJob> jobs) {
		List<String> holding = holding(jobs);
		if (!holding.isEmpty()) {
			store.renew(holding, properties.permitLease());
		}
	}

	/**
	 * Frees the permits these jobs' attempts hold. A failure leaves them to their lease.
	 */
	public void release(Collection<ClaimedJob> jobs) {
		List<String> holding = holding(jobs);
		if (holding.isEmpty()) {
			return;
		}
		try {
			store.release(holding);
		}
		catch (RuntimeException ex) {
			log.warn("Could not release the permits of {} jobs; they come free after {}: {}", holding.size(),
					properties.permitLease(), ex.toString());
		}
		holding.forEach(holders::remove);
	}

	private List<String> holding(Collection<ClaimedJob> jobs) {
		if (holders.isEmpty()) {
			return List.of();
		}
		return jobs.stream().map(job -> holder(job.id().toString(), job.attempt())).filter(holders::contains).toList();
	}

	/**
	 * Adds the successes of the last second to their limits: one read and one write per
	 * upstream a second, instead of a write per job.
	 */
	@Scheduled(fixedDelay = 1, timeUnit = TimeUnit.SECONDS)
	void flushSuccesses() {
		for (String key : List.copyOf(successes.keySet())) {
			int count = successes.remove(key);
			adjust(key, state -> Aimd.succeeded(state, count));
		}
	}

	/** Read, decide, write if nobody wrote meanwhile; a few tries, then let it be. */
	private void adjust(String key, UnaryOperator<LimitState> decision) {
		try {
			for (int i = 0; i < 3; i++) {
				LimitState state = store.read(key);
				LimitState decided = state == null ? null : decision.apply(state);
				if (decided == null || decided.equals(state) || store.write(key, decided)) {
					return;
				}
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not adjust the limit {}: {}", key, ex.toString());
		}
	}

	private static String holder(String jobId, int attempt) {
		return jobId + ":" + attempt;
	}

}
