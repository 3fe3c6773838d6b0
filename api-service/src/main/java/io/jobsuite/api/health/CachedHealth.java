package io.jobsuite.api.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * A health probe asked at most once per interval, one probe at a time: the public
 * {@code /actuator/health} and the load balancer's checks answer from the last result, so
 * a flood of health requests does not become a flood of SQS or database calls. While a
 * probe runs, other callers get the previous result at once (only the very first callers
 * wait for it). A failed probe is cached as well: an outage is not probed harder.
 */
public final class CachedHealth implements HealthIndicator {

	private final HealthIndicator probe;

	private final Duration cacheFor;

	private final Clock clock;

	private final ReentrantLock probing = new ReentrantLock();

	private volatile Probed last;

	public CachedHealth(HealthIndicator probe, Duration cacheFor, Clock clock) {
		this.probe = probe;
		this.cacheFor = cacheFor;
		this.clock = clock;
	}

	@Override
	public Health health() {
		Probed seen = last;
		if (seen != null && fresh(seen)) {
			return seen.health();
		}
		if (seen == null) {
			probing.lock();
		}
		else if (!probing.tryLock()) {
			return seen.health();
		}
		try {
			Probed now = last;
			if (now != null && fresh(now)) {
				return now.health();
			}
			Health health = probeOnce();
			last = new Probed(health, clock.instant());
			return health;
		}
		finally {
			probing.unlock();
		}
	}

	private Health probeOnce() {
		try {
			return probe.health();
		}
		catch (RuntimeException ex) {
			return Health.down(ex).build();
		}
	}

	private boolean fresh(Probed probed) {
		return clock.instant().isBefore(probed.at().plus(cacheFor));
	}

	private record Probed(Health health, Instant at) {
	}

}
