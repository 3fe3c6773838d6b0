package io.jobsuite.worker.handler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.jobsuite.testsupport.SettableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ThrottledProgressTest {

	private final SettableClock clock = new SettableClock(Instant.parse("2026-12-07T18:00:00Z"));

	private final List<String> writes = new ArrayList<>();

	private final ThrottledProgress progress = new ThrottledProgress(clock,
			(fraction, message) -> writes.add(fraction + " " + message));

	@Test
	void aHundredReportsInTwoSecondsWriteOncePerSecondAndEndOnTheLast() {
		for (int i = 1; i <= 100; i++) {
			clock.advance(Duration.ofMillis(20));
			progress.report(i / 100.0, "report " + i);
		}
		progress.flush();

		assertThat(writes).containsExactly("0.5 report 50", "1.0 report 100");
	}

	@Test
	void attemptThatEndsWithinItsFirstSecondWritesNoProgress() {
		clock.advance(Duration.ofMillis(100));
		progress.report(0.5, "half");
		clock.advance(Duration.ofMillis(800));
		progress.report(1, "done");
		progress.flush();

		assertThat(writes).isEmpty();
	}

	@Test
	void reportHeldByTheThrottleIsWrittenWhenTheHandlerReturns() {
		clock.advance(Duration.ofMillis(1200));
		progress.report(0.4, "page 4 of 10");
		clock.advance(Duration.ofMillis(300));
		progress.report(0.9, "page 9 of 10");
		progress.report(1, "page 10 of 10");
		assertThat(writes).containsExactly("0.4 page 4 of 10");

		progress.flush();
		progress.flush();

		assertThat(writes).containsExactly("0.4 page 4 of 10", "1.0 page 10 of 10");
	}

	@Test
	void fractionOutsideZeroToOneIsRefusedEvenWhenItWouldBeHeld() {
		assertThatIllegalArgumentException().isThrownBy(() -> progress.report(1.5, "too far"));
		assertThatIllegalArgumentException().isThrownBy(() -> progress.report(-0.1, "before the start"));
		assertThatIllegalArgumentException().isThrownBy(() -> progress.report(Double.NaN, "nothing"));
		assertThat(writes).isEmpty();
	}

}
