package io.jobsuite.api.admin;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CanaryVerdictTest {

	static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");

	static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");

	static final Duration TIMEOUT = Duration.ofMinutes(15);

	static final Duration EARLY = Duration.ofSeconds(30);

	@Test
	void proceedsOnlyWhenEveryCanaryJobSucceeded() {
		assertThat(CanaryVerdict.of(List.of(A, B), Map.of(A, "SUCCEEDED", B, "SUCCEEDED"), EARLY, TIMEOUT))
			.isInstanceOf(CanaryVerdict.Proceed.class);
		assertThat(CanaryVerdict.of(List.of(A, B), Map.of(A, "SUCCEEDED", B, "RUNNING"), EARLY, TIMEOUT))
			.isInstanceOf(CanaryVerdict.Wait.class);
	}

	@Test
	void waitsWhileCanaryJobsAreQueuedRunningOrRetrying() {
		for (String active : List.of("QUEUED", "RUNNING", "RETRYING")) {
			assertThat(CanaryVerdict.of(List.of(A), Map.of(A, active), EARLY, TIMEOUT)).as(active)
				.isInstanceOf(CanaryVerdict.Wait.class);
		}
	}

	@Test
	void stopsAsSoonAsOneCanaryJobFailsAgainEvenIfOthersStillRun() {
		CanaryVerdict verdict = CanaryVerdict.of(List.of(A, B), Map.of(A, "RUNNING", B, "FAILED"), EARLY, TIMEOUT);

		assertThat(verdict).isEqualTo(new CanaryVerdict.Stop("canary job " + B + " failed again"));
	}

	@Test
	void stopsWhenACanaryJobWasCancelledOrIsGone() {
		assertThat(CanaryVerdict.of(List.of(A), Map.of(A, "CANCELLED"), EARLY, TIMEOUT))
			.isEqualTo(new CanaryVerdict.Stop("canary job " + A + " was cancelled"));
		assertThat(CanaryVerdict.of(List.of(A), Map.of(), EARLY, TIMEOUT))
			.isEqualTo(new CanaryVerdict.Stop("canary job " + A + " is gone"));
	}

	@Test
	void stopsWhenTheCanaryTakesLongerThanTheTimeout() {
		assertThat(CanaryVerdict.of(List.of(A), Map.of(A, "RETRYING"), TIMEOUT.minusMillis(1), TIMEOUT))
			.isInstanceOf(CanaryVerdict.Wait.class);
		assertThat(CanaryVerdict.of(List.of(A), Map.of(A, "RETRYING"), TIMEOUT, TIMEOUT))
			.isEqualTo(new CanaryVerdict.Stop("the canary jobs did not finish within 15 minutes"));
		assertThat(CanaryVerdict.of(List.of(A), Map.of(A, "SUCCEEDED"), TIMEOUT.plusHours(1), TIMEOUT))
			.as("finished in time, judged late")
			.isInstanceOf(CanaryVerdict.Proceed.class);
	}

	@Test
	void stopsWhenTheGroupHadNoJobToTry() {
		assertThat(CanaryVerdict.of(List.of(), Map.of(), EARLY, TIMEOUT)).isInstanceOf(CanaryVerdict.Stop.class);
	}

}
