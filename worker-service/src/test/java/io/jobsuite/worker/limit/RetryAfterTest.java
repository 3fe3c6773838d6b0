package io.jobsuite.worker.limit;

import java.time.Duration;
import java.time.Instant;

import io.jobsuite.testsupport.SettableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTest {

	final SettableClock clock = new SettableClock(Instant.parse("2026-12-07T20:00:00Z"));

	@Test
	void readsSecondsAndHttpDates() {
		assertThat(RetryAfter.parse("120", clock)).isEqualTo(Duration.ofMinutes(2));
		assertThat(RetryAfter.parse("Mon, 07 Dec 2026 20:00:30 GMT", clock)).isEqualTo(Duration.ofSeconds(30));
		assertThat(RetryAfter.parse("Mon, 07 Dec 2026 19:59:00 GMT", clock)).as("a date passed").isZero();
	}

	@Test
	void anythingElseIsNoRetryAfter() {
		assertThat(RetryAfter.parse(null, clock)).isNull();
		assertThat(RetryAfter.parse(" ", clock)).isNull();
		assertThat(RetryAfter.parse("-5", clock)).isNull();
		assertThat(RetryAfter.parse("soon", clock)).isNull();
	}

}
