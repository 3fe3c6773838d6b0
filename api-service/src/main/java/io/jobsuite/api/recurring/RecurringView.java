package io.jobsuite.api.recurring;

import java.time.Instant;
import java.util.UUID;

import io.jobsuite.model.recurring.RecurringJob;
import io.jobsuite.model.recurring.RecurringRows.State;

/**
 * A recurring job as the admin shows it.
 *
 * @param name the recurring job (its job type)
 * @param cron its cron, six fields
 * @param zone the zone the cron is read in
 * @param missed the policy for occurrences missed while no scheduler ran
 * @param paused whether the schedulers leave it alone
 * @param nextRun the first occurrence not created yet (in the past while a scheduler
 * catches up); null while paused
 * @param lastRun when its last job (an occurrence or a Run now) was created, or null
 * @param lastJobId that job, or null
 * @param lastJobStatus that job's status; null when there is none or retention deleted it
 * @param runNowCount Run now presses that created a job
 */
public record RecurringView(String name, String cron, String zone, String missed, boolean paused, Instant nextRun,
		Instant lastRun, UUID lastJobId, String lastJobStatus, long runNowCount) {

	static RecurringView of(RecurringJob job, State state) {
		return new RecurringView(job.name(), job.cron(), job.zone().getId(), job.missed().toString(), state.paused(),
				state.paused() ? null : job.next(state.lastOccurrence()), state.lastJobAt(), state.lastJobId(),
				state.lastJobStatus(), state.runNowCount());
	}

}
