package io.jobsuite.model.retention;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The pause between purge batches that holds a purger to its configured rate. */
class RetentionPaceTest {

	@Test
	void aFastBatchWaitsOutTheRestOfItsShareOfTheRate() {
		// 500 jobs at 4,000 jobs/s are 125 ms; the batch took 25 of them.
		assertThat(paced(4_000).pauseAfter(500, Duration.ofMillis(25))).isEqualTo(Duration.ofMillis(100));
	}

	@Test
	void aBatchSlowerThanTheRateGoesOnAtOnce() {
		assertThat(paced(4_000).pauseAfter(500, Duration.ofMillis(200))).isEqualTo(Duration.ZERO);
	}

	@Test
	void noRateMeansNoPause() {
		assertThat(paced(0).pauseAfter(500, Duration.ZERO)).isEqualTo(Duration.ZERO);
	}

	private static RetentionProperties paced(int maxRate) {
		return new RetentionProperties(true, Duration.ofDays(7), Duration.ofDays(30), 500, Duration.ofMinutes(1),
				maxRate);
	}

}
