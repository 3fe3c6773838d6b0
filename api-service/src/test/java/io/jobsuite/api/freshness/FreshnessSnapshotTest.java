package io.jobsuite.api.freshness;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The drain forecast and the sampled percentiles, from given figures. */
class FreshnessSnapshotTest {

	@Test
	void forecastIsTheBacklogOverTheRecentRateAgainstTheScanWindow() {
		FreshnessSnapshot snapshot = withBacklog(1_800_000, 1000.0);
		assertThat(snapshot.drainSeconds()).isEqualTo(1800.0);
		assertThat(snapshot.drainRatio()).isEqualTo(2.0);
	}

	@Test
	void anEmptyBacklogDrainsAtOnceAndOneThatNothingWorksOffNever() {
		assertThat(withBacklog(0, 0).drainSeconds()).isZero();
		assertThat(withBacklog(5, 0).drainSeconds()).isInfinite();
		assertThat(withBacklog(5, 0).drainRatio()).isInfinite();
	}

	@Test
	void countsAtTheLimitAreMarkedAsFloors() {
		assertThat(withBacklog(1_000_000, 1).backlogCapped()).isTrue();
		assertThat(withBacklog(999_999, 1).backlogCapped()).isFalse();
	}

	@Test
	void secondsAreShownWholeUnknownAsADashAndNoDrainAsNever() {
		FreshnessSnapshot snapshot = withBacklog(5, 0);
		assertThat(snapshot.shown(12_345.4)).isEqualTo(String.format("%,d s", 12_345));
		assertThat(snapshot.shown(Double.NaN)).isEqualTo("-");
		assertThat(snapshot.shown(snapshot.drainSeconds())).isEqualTo("never (nothing finished)");
	}

	@Test
	void percentilesTakeTheNearestRank() {
		Percentiles sample = Percentiles.of(List.of(90L, 10L, 50L, 30L, 70L, 20L, 40L, 60L, 80L, 100L));
		assertThat(sample.at(0.5)).isEqualTo(50);
		assertThat(sample.at(0.99)).isEqualTo(100);
		assertThat(sample.at(0.1)).isEqualTo(10);
		assertThat(Percentiles.of(List.of()).at(0.5)).isNaN();
	}

	private static FreshnessSnapshot withBacklog(long backlog, double finishedPerSecond) {
		return new FreshnessSnapshot(0, 0, 1_000_000, 1, 2, 10, backlog, finishedPerSecond, Duration.ofMinutes(15),
				Instant.EPOCH);
	}

}
