package io.jobsuite.api.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.jobsuite.testsupport.SettableClock;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/** A health probe is asked once per interval, one probe at a time. */
class CachedHealthTest {

	private final SettableClock clock = new SettableClock(Instant.parse("2026-12-07T03:00:00Z"));

	private final AtomicInteger probes = new AtomicInteger();

	@Test
	void aThousandHealthRequestsWithinTheIntervalMakeOneProbe() {
		CachedHealth health = new CachedHealth(this::countedUp, Duration.ofSeconds(5), clock);

		for (int i = 0; i < 1_000; i++) {
			assertThat(health.health().getStatus()).isEqualTo(Status.UP);
			clock.advance(Duration.ofMillis(4));
		}

		assertThat(probes).as("one probe at 0 s, the next at 5 s").hasValue(1);
		clock.advance(Duration.ofSeconds(1));
		health.health();
		assertThat(probes).hasValue(2);
	}

	@Test
	void aFailedProbeIsCachedToo() {
		CachedHealth health = new CachedHealth(() -> {
			probes.incrementAndGet();
			throw new IllegalStateException("SQS unreachable");
		}, Duration.ofSeconds(5), clock);

		for (int i = 0; i < 100; i++) {
			assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
		}

		assertThat(probes).hasValue(1);
	}

	@Test
	void whileAProbeRunsOtherCallersGetThePreviousAnswerAtOnce() throws Exception {
		CountDownLatch probing = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CachedHealth health = new CachedHealth(() -> {
			if (probes.incrementAndGet() == 2) {
				probing.countDown();
				await(release);
				return Health.down().build();
			}
			return Health.up().build();
		}, Duration.ofSeconds(5), clock);
		health.health();
		clock.advance(Duration.ofSeconds(6));
		ExecutorService callers = Executors.newFixedThreadPool(9);
		try {
			Future<Health> slow = callers.submit((Callable<Health>) health::health);
			assertThat(probing.await(10, TimeUnit.SECONDS)).isTrue();
			List<Future<Health>> others = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				others.add(callers.submit((Callable<Health>) health::health));
			}
			for (Future<Health> other : others) {
				assertThat(other.get(10, TimeUnit.SECONDS).getStatus()).as("the last answer, while the probe runs")
					.isEqualTo(Status.UP);
			}
			release.countDown();

			assertThat(slow.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(Status.DOWN);
			assertThat(probes).as("one probe in flight").hasValue(2);
			assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
		}
		finally {
			release.countDown();
			callers.shutdownNow();
		}
	}

	private Health countedUp() {
		probes.incrementAndGet();
		return Health.up().build();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
