package io.jobsuite.worker.limit;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.jobsuite.testsupport.SettableClock;
import io.jobsuite.worker.limit.LimitsProperties.Upstream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The adaptive limit's decisions on a settable clock (standing in for the database's,
 * which the state carries).
 */
class AimdTest {

	final SettableClock clock = new SettableClock(Instant.parse("2026-12-07T20:00:00Z"));

	final Upstream config = new Upstream(16, Map.of(), 0.5, Duration.ofSeconds(2), Duration.ofSeconds(5),
			Duration.ofMinutes(10), Duration.ofMinutes(5));

	LimitState at(double limit) {
		return new LimitState(limit, 16, null, null, 0, null, null, 7, clock.instant());
	}

	LimitState now(LimitState state) {
		return new LimitState(state.limit(), state.max(), state.pausedUntil(), state.decreasedAt(),
				state.recentThrottles(), state.lastThrottleAt(), state.lastThrottle(), state.version(),
				clock.instant());
	}

	@Test
	void aThrottleHalvesTheLimitAndPausesUntilRetryAfter() {
		LimitState after = Aimd.throttled(at(16), Duration.ofSeconds(30), "429", config);

		assertThat(after.limit()).isEqualTo(8);
		assertThat(after.pausedUntil()).isEqualTo(clock.instant().plusSeconds(30));
		assertThat(after.decreasedAt()).isEqualTo(clock.instant());
		assertThat(after.recentThrottles()).isEqualTo(1);
		assertThat(after.lastThrottle()).isEqualTo("429");
		assertThat(after.version()).as("the version the write is conditional on").isEqualTo(7);
	}

	@Test
	void throttlesWithinTheCooldownDecreaseOnceButCountAndExtendThePause() {
		LimitState first = Aimd.throttled(at(16), Duration.ofSeconds(5), "429", config);
		clock.advance(Duration.ofMillis(1_500));
		LimitState second = Aimd.throttled(now(first), Duration.ofSeconds(5), "429", config);

		assertThat(second.limit()).as("the same burst seen by another worker").isEqualTo(8);
		assertThat(second.recentThrottles()).isEqualTo(2);
		assertThat(second.pausedUntil()).isEqualTo(clock.instant().plusSeconds(5));

		clock.advance(Duration.ofSeconds(1));
		assertThat(Aimd.throttled(now(second), null, "timeout", config).limit()).as("after the cooldown").isEqualTo(4);
	}

	@Test
	void aShorterRetryAfterNeverShortensAPauseAndALongOneIsCapped() {
		LimitState paused = Aimd.throttled(at(16), Duration.ofMinutes(2), "429", config);
		LimitState shorter = Aimd.throttled(now(paused), Duration.ofSeconds(1), "429", config);
		assertThat(shorter.pausedUntil()).isEqualTo(paused.pausedUntil());

		LimitState capped = Aimd.throttled(at(16), Duration.ofDays(1), "429", config);
		assertThat(capped.pausedUntil()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));

		assertThat(Aimd.throttled(at(16), null, "503", config).pausedUntil()).as("no Retry-After, no pause").isNull();
	}

	@Test
	void theLimitNeverGoesBelowOne() {
		LimitState state = at(1);
		for (int i = 0; i < 5; i++) {
			clock.advance(Duration.ofSeconds(3));
			state = Aimd.throttled(now(state), null, "503", config);
		}
		assertThat(state.limit()).isEqualTo(1);
		assertThat(state.recentThrottles()).isEqualTo(5);
	}

	@Test
	void theRecentCountStartsAgainAfterAQuietWindow() {
		LimitState first = Aimd.throttled(at(16), null, "503", config);
		clock.advance(Duration.ofMinutes(6));
		assertThat(Aimd.throttled(now(first), null, "503", config).recentThrottles()).isEqualTo(1);
	}

	@Test
	void successesRaiseTheLimitByAboutOnePerLimitsWorthUpToTheMax() {
		assertThat(Aimd.succeeded(at(4), 4).limit()).isBetween(4.9, 5.0);
		assertThat(Math.floor(Aimd.succeeded(at(4), 1).limit())).as("one success is not a permit yet").isEqualTo(4);
		assertThat(Aimd.succeeded(at(15.5), 1_000).limit()).isEqualTo(16);
		assertThat(Aimd.succeeded(at(16), 10)).as("at the max nothing changes, so nothing is written")
			.isEqualTo(at(16));
	}

}
