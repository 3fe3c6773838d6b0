package io.jobsuite.api.counts;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QueueWaitsTest {

	@Test
	void p95IsTheSmallestBucketBoundThatHoldsNinetyFivePercent() {
		// 94 waits within 100 ms, 5 within 1 s, 1 within 30 s: the 95th is within 1 s.
		assertThat(QueueWaits.percentileMs(Map.of(100, 94L, 1_000, 5L, 30_000, 1L), 0.95)).isEqualTo(1_000);
		// 95 within 100 ms: the 95th is within 100 ms.
		assertThat(QueueWaits.percentileMs(Map.of(100, 95L, 30_000, 5L), 0.95)).isEqualTo(100);
	}

	@Test
	void p95OfASingleWaitIsItsBucketAndOfNoneIsNothing() {
		assertThat(QueueWaits.percentileMs(Map.of(2_500, 1L), 0.95)).isEqualTo(2_500);
		assertThat(QueueWaits.percentileMs(Map.of(), 0.95)).isNull();
	}

	@Test
	void waitsLongerThanTheLastBoundLandInTheOverflowBucket() {
		assertThat(QueueWaits.percentileMs(Map.of(Integer.MAX_VALUE, 3L), 0.95)).isEqualTo(Integer.MAX_VALUE);
		assertThat(QueueWaits.COUNT_WAITS).contains(
				"WHEN GREATEST(0, TIMESTAMPDIFF(MICROSECOND, j.not_before," + " a.started_at) DIV 1000) <= 10 THEN 10",
				"ELSE " + Integer.MAX_VALUE + " END AS wait_ms_le");
	}

}
