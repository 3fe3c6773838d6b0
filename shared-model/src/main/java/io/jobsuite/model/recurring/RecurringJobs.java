package io.jobsuite.model.recurring;

import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

import io.jobsuite.model.JobTypes;

/**
 * The catalog of recurring jobs. Declaring one: give its job type a handler as for any
 * job type, then add a line to {@link #BUILT_IN}. The scheduler starts its schedule at
 * the next occurrence after it first sees it.
 *
 * @param all the recurring jobs, one per job type
 */
public record RecurringJobs(List<RecurringJob> all) {

	/** What the production jars ship. */
	public static final RecurringJobs BUILT_IN = new RecurringJobs(List.of(
			// Every night at 2:00 UTC; after an outage, once (not once per missed night).
			new RecurringJob(JobTypes.TABLE_STATISTICS, "0 0 2 * * *", ZoneOffset.UTC, Missed.skip())));

	public RecurringJobs {
		all = List.copyOf(all);
		if (new HashSet<>(all.stream().map(RecurringJob::name).toList()).size() != all.size()) {
			throw new IllegalArgumentException("A job type may recur on one schedule only: " + all);
		}
	}

	public Optional<RecurringJob> find(String name) {
		return all.stream().filter(job -> job.name().equals(name)).findFirst();
	}

	public List<String> names() {
		return all.stream().map(RecurringJob::name).toList();
	}

}
