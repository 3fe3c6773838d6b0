package io.jobsuite.scheduler.recurring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import io.jobsuite.model.JobTypes;
import io.jobsuite.model.recurring.Missed;
import io.jobsuite.model.recurring.RecurringJob;
import io.jobsuite.scheduler.recurring.Occurrences.Plan;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plan for each case of cursor and now. The clock stands for the database's: the
 * scheduler passes the time it read with the rows.
 */
class OccurrencesTest {

	static final Clock clock = Clock.fixed(Instant.parse("2026-12-08T10:00:00.250Z"), ZoneOffset.UTC);

	static final RecurringJob NIGHTLY = recurring("0 0 2 * * *", ZoneOffset.UTC, Missed.skip());

	static final RecurringJob HOURLY_CATCH_UP = recurring("0 0 * * * *", ZoneOffset.UTC, Missed.catchUp(3));

	@Test
	void nothingIsDueBeforeTheNextOccurrence() {
		Plan plan = Occurrences.plan(NIGHTLY, clock.instant().minusSeconds(60), clock.instant());

		assertThat(plan).isEqualTo(new Plan.UpToDate(Instant.parse("2026-12-09T02:00:00Z")));
	}

	@Test
	void theOccurrenceThatHasComeIsDue() {
		Instant cursor = Instant.parse("2026-12-08T01:59:59.900Z");

		Plan plan = Occurrences.plan(NIGHTLY, cursor, Instant.parse("2026-12-08T02:00:00.010Z"));

		assertThat(plan).isEqualTo(new Plan.Due(List.of(Instant.parse("2026-12-08T02:00:00Z")), 0));
	}

	@Test
	void anOccurrenceAlreadyCreatedIsNotDueAgain() {
		Instant created = Instant.parse("2026-12-08T02:00:00Z");

		assertThat(Occurrences.plan(NIGHTLY, created, created)).isInstanceOf(Plan.UpToDate.class);
		assertThat(Occurrences.plan(NIGHTLY, created, clock.instant())).isInstanceOf(Plan.UpToDate.class);
	}

	@Test
	void skipRunsTheLatestMissedOccurrenceOnceAndSkipsTheOthers() {
		Instant threeNightsAgo = Instant.parse("2026-12-05T01:00:00Z");

		Plan plan = Occurrences.plan(NIGHTLY, threeNightsAgo, clock.instant());

		assertThat(plan).isEqualTo(new Plan.Due(List.of(Instant.parse("2026-12-08T02:00:00Z")), 3));
	}

	@Test
	void catchUpCreatesEachMissedOccurrenceInOrderWithinItsBound() {
		Plan twoMissed = Occurrences.plan(HOURLY_CATCH_UP, clock.instant().minus(Duration.ofHours(2)), clock.instant());
		Plan tenMissed = Occurrences.plan(HOURLY_CATCH_UP, clock.instant().minus(Duration.ofHours(10)),
				clock.instant());

		assertThat(twoMissed).isEqualTo(
				new Plan.Due(List.of(Instant.parse("2026-12-08T09:00:00Z"), Instant.parse("2026-12-08T10:00:00Z")), 0));
		assertThat(tenMissed).isEqualTo(new Plan.Due(List.of(Instant.parse("2026-12-08T08:00:00Z"),
				Instant.parse("2026-12-08T09:00:00Z"), Instant.parse("2026-12-08T10:00:00Z")), 7));
	}

	@Test
	void theCronIsReadInItsZoneAcrossDaylightSaving() {
		RecurringJob berlin = recurring("0 0 2 * * *", ZoneId.of("Europe/Berlin"), Missed.skip());

		assertThat(Occurrences.plan(berlin, Instant.parse("2026-12-08T00:00:00Z"), clock.instant()))
			.isEqualTo(new Plan.Due(List.of(Instant.parse("2026-12-08T01:00:00Z")), 0));
		assertThat(
				Occurrences.plan(berlin, Instant.parse("2026-06-30T23:00:00Z"), Instant.parse("2026-07-01T03:00:00Z")))
			.isEqualTo(new Plan.Due(List.of(Instant.parse("2026-07-01T00:00:00Z")), 0));
	}

	@Test
	void farBehindOnlyMovesTheCursorAndTheNextTickGoesOn() {
		RecurringJob everySecond = recurring("* * * * * *", ZoneOffset.UTC, Missed.catchUp(5));
		Instant cursor = clock.instant().minus(Duration.ofDays(3));

		Plan plan = Occurrences.plan(everySecond, cursor, clock.instant());

		Instant skipTo = cursor.plusSeconds(Occurrences.MAX_WALK).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
		assertThat(plan).isEqualTo(new Plan.FarBehind(skipTo, Occurrences.MAX_WALK));
		Plan next = Occurrences.plan(everySecond, skipTo, skipTo.plusSeconds(10));
		assertThat(next).isEqualTo(new Plan.Due(List.of(skipTo.plusSeconds(6), skipTo.plusSeconds(7),
				skipTo.plusSeconds(8), skipTo.plusSeconds(9), skipTo.plusSeconds(10)), 5));
	}

	private static RecurringJob recurring(String cron, ZoneId zone, Missed missed) {
		return new RecurringJob(JobTypes.TABLE_STATISTICS, cron, zone, missed);
	}

}
