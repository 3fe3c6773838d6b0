package io.jobsuite.api.clients;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.validation.annotation.Validated;

/**
 * A token bucket per client: {@code perMinute} Sync Nows at once, refilled evenly over a
 * minute. It lives in this instance's memory, so N API instances allow up to N times the
 * limit; enough to stop a stuck button or a script from flooding the express queue, which
 * is what it is for.
 */
@Component
class SyncNowLimits {

	private static final Duration WINDOW = Duration.ofMinutes(1);

	private final Map<Long, Bucket> buckets = new ConcurrentHashMap<>();

	private final Clock clock;

	private final double capacity;

	private final double tokensPerNano;

	SyncNowLimits(Clock clock, Properties properties) {
		this.clock = clock;
		this.capacity = properties.perMinute();
		this.tokensPerNano = capacity / WINDOW.toNanos();
	}

	/** Takes a token for the client; when there is none, how long until there is one. */
	Optional<Duration> tryAcquire(long clientId) {
		long now = nanos();
		Bucket bucket = buckets.compute(clientId, (id,
				old) -> (old == null ? new Bucket(capacity, now) : old.refill(now, capacity, tokensPerNano)).take());
		if (bucket.granted()) {
			return Optional.empty();
		}
		return Optional.of(Duration.ofNanos((long) Math.ceil((1 - bucket.tokens()) / tokensPerNano)));
	}

	/**
	 * Forgets the buckets that have refilled: a million clients must not mean a million
	 * buckets.
	 */
	@Scheduled(fixedDelay = 1, timeUnit = TimeUnit.MINUTES)
	void forgetFullBuckets() {
		long now = nanos();
		buckets.entrySet()
			.removeIf(entry -> entry.getValue().refill(now, capacity, tokensPerNano).tokens() >= capacity);
	}

	private long nanos() {
		return Duration.between(Instant.EPOCH, clock.instant()).toNanos();
	}

	private record Bucket(double tokens, long at, boolean granted) {

		Bucket(double tokens, long at) {
			this(tokens, at, false);
		}

		Bucket refill(long now, double capacity, double tokensPerNano) {
			return new Bucket(Math.min(capacity, tokens + Math.max(0, now - at) * tokensPerNano), Math.max(now, at));
		}

		Bucket take() {
			return tokens >= 1 ? new Bucket(tokens - 1, at, true) : new Bucket(tokens, at, false);
		}

	}

	/**
	 * Sync Now limits.
	 *
	 * @param perMinute Sync Nows a client may have per minute (and at once)
	 */
	@Validated
	@ConfigurationProperties("jobs.sync-now")
	record Properties(@Min(1) int perMinute) {
	}

}
