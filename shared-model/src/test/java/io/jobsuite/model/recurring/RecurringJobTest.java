package io.jobsuite.model.recurring;

import java.time.Instant;
import java.time.ZoneOffset;

import io.jobsuite.model.JobTypes;
import io.jobsuite.model.NewJob;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RecurringJobTest {

	@Test
	void builtInCatalogRefreshesTableStatisticsNightlyAndSkipsMissedNights() {
		RecurringJob nightly = RecurringJobs.BUILT_IN.find("table-statistics").orElseThrow();

		assertThat(nightly.type()).isEqualTo(JobTypes.TABLE_STATISTICS);
		assertThat(nightly.next(Instant.parse("2026-12-08T02:00:00Z"))).isEqualTo("2026-12-09T02:00:00Z");
		assertThat(nightly.missed()).isEqualTo(Missed.skip());
		assertThat(RecurringJobs.BUILT_IN.find("noop")).isEmpty();
	}

	@Test
	void anOccurrencesJobCarriesItsTimeAndNeverOverlapsAnotherOfItsKind() {
		RecurringJob nightly = RecurringJobs.BUILT_IN.find("table-statistics").orElseThrow();

		NewJob occurrence = nightly.occurrence(Instant.parse("2026-12-08T02:00:00Z"));
		NewJob runNow = nightly.runNow();

		assertThat(occurrence.payload()).isEqualTo("{\"occurrence\":\"2026-12-08T02:00:00Z\"}");
		assertThat(occurrence.uniqueKey()).isNull();
		assertThat(occurrence.overlapKey()).isEqualTo("recurring:table-statistics");
		assertThat(runNow.uniqueKey()).isEqualTo("recurring-now:table-statistics");
		assertThat(runNow.overlapKey()).isEqualTo(occurrence.overlapKey());
	}

	@Test
	void badDeclarationsFailAtStartUp() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RecurringJob(JobTypes.NOOP, "every night", ZoneOffset.UTC, Missed.skip()))
			.withMessageContaining("Not a cron expression");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RecurringJob(JobTypes.PROJECT_BUILD, "0 0 2 * * *", ZoneOffset.UTC, Missed.skip()))
			.withMessageContaining("FIFO");
		assertThatIllegalArgumentException().isThrownBy(() -> Missed.catchUp(0));
		RecurringJob twice = new RecurringJob(JobTypes.NOOP, "0 0 * * * *", ZoneOffset.UTC, Missed.skip());
		assertThatIllegalArgumentException().isThrownBy(() -> new RecurringJobs(java.util.List.of(twice, twice)));
	}

}
