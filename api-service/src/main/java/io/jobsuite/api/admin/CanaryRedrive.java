package io.jobsuite.api.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * One canaried redrive as its row holds it.
 *
 * @param id its id
 * @param queue the queue whose dead letters it redrives
 * @param fingerprintId the group's fingerprint id
 * @param fingerprint the group's fingerprint
 * @param canarySize how many messages went first
 * @param status where it is
 * @param canaryJobs the jobs the canary messages carried
 * @param redriven jobs redriven so far
 * @param note what happened, for ops
 * @param startedBy who started it
 * @param startedAt when (database clock)
 * @param updatedAt when it last moved (database clock)
 * @param age how long ago it started (database clock)
 * @param stale whether it has not moved for longer than the stale bound
 */
public record CanaryRedrive(long id, String queue, String fingerprintId, String fingerprint, int canarySize,
		Status status, List<UUID> canaryJobs, int redriven, String note, String startedBy, Instant startedAt,
		Instant updatedAt, Duration age, boolean stale) {

	/** Where a canaried redrive is. */
	public enum Status {

		/** Sending the canary messages. */
		STARTING,
		/** Waiting for the canary jobs' outcome. */
		CANARY,
		/** The canary succeeded: sending the rest. */
		REDRIVING,
		/** Every message of the group was redriven. */
		COMPLETED,
		/** Stopped (see the note): the rest stay on the dead-letter queue. */
		STOPPED;

		static final List<String> UNDER_WAY = List.of(STARTING.name(), CANARY.name(), REDRIVING.name());

	}

	static List<UUID> parseJobs(String csv) {
		return csv == null || csv.isEmpty() ? List.of() : Arrays.stream(csv.split(",")).map(UUID::fromString).toList();
	}

	static String joinJobs(List<UUID> jobs) {
		return String.join(",", jobs.stream().map(UUID::toString).toList());
	}

}
