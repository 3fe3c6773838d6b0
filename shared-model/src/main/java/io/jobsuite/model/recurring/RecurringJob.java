package io.jobsuite.model.recurring;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

import io.jobsuite.model.JobType;
import io.jobsuite.model.NewJob;

import org.springframework.scheduling.support.CronExpression;

/**
 * A job type that runs on a cron: the scheduler creates one job per occurrence, once
 * across any number of scheduler instances. Declared in code in
 * {@link RecurringJobs#BUILT_IN}.
 *
 * @param type the job type each occurrence runs; its name names the recurring job
 * @param cron Spring's six-field cron (second minute hour day month weekday)
 * @param zone the time zone the cron is read in (02:00 in Europe/Berlin moves with DST)
 * @param missed what happens to occurrences missed while no scheduler ran
 */
public record RecurringJob(JobType type, String cron, ZoneId zone, Missed missed) {

	public RecurringJob {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(zone, "zone");
		Objects.requireNonNull(missed, "missed");
		if (!CronExpression.isValidExpression(cron)) {
			throw new IllegalArgumentException("Not a cron expression for " + type.name() + ": " + cron);
		}
		if (type.defaultQueue().isFifo()) {
			// An occurrence has no message group to run in.
			throw new IllegalArgumentException("A recurring job cannot run on the FIFO queue: " + type.name());
		}
	}

	/** The name the admin and the recurring_jobs row know it by: its type's. */
	public String name() {
		return type.name();
	}

	/**
	 * The first occurrence strictly after {@code after}, or null if the cron has none.
	 */
	public Instant next(Instant after) {
		ZonedDateTime next = CronExpression.parse(cron).next(after.atZone(zone));
		return next == null ? null : next.toInstant();
	}

	/**
	 * The job of one scheduled occurrence. Occurrences of one recurring job never run
	 * side by side (a catch-up waits for the one before), whichever worker takes them.
	 */
	public NewJob occurrence(Instant at) {
		return NewJob.of(type, "{\"occurrence\":\"" + DateTimeFormatter.ISO_INSTANT.format(at) + "\"}")
			.withoutOverlapping(overlapKey());
	}

	/**
	 * The job of an ops "Run now": outside the schedule, which goes on as before. Its
	 * unique key makes presses while it waits or runs answer with it.
	 */
	public NewJob runNow() {
		return NewJob.of(type, "{\"occurrence\":null}")
			.uniqueBy("recurring-now:" + name())
			.withoutOverlapping(overlapKey());
	}

	private String overlapKey() {
		return "recurring:" + name();
	}

}
