package io.jobsuite.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The catalog of job types. Adding a job type: add a constant here, list it in
 * {@link #ALL}, and give the worker a {@code JobHandler} for it (a test fails while a
 * type has no handler).
 */
public final class JobTypes {

	/**
	 * Fetches a client's records from its source and upserts them; one active per client.
	 */
	public static final JobType CLIENT_SYNC = new JobType("client-sync", QueueKind.STANDARD, 3, Duration.ofSeconds(2));

	/**
	 * A build of one team's project; builds of one project run in order through the FIFO
	 * queue.
	 */
	public static final JobType PROJECT_BUILD = new JobType("project-build", QueueKind.FIFO, 3, Duration.ofSeconds(1));

	/**
	 * Does nothing but succeed: for smoke tests and the benchmark's measure of the job
	 * machinery itself.
	 */
	public static final JobType NOOP = new JobType("noop", QueueKind.STANDARD, 3, Duration.ofSeconds(1));

	/**
	 * Records each of its runs (start, end, worker) in {@code fault_probe_runs} and may
	 * wait or fail on request: the fault suite detects double and overlapping runs from
	 * its rows.
	 */
	public static final JobType FAULT_PROBE = new JobType("fault-probe", QueueKind.STANDARD, 3, Duration.ofSeconds(1));

	public static final List<JobType> ALL = List.of(CLIENT_SYNC, PROJECT_BUILD, NOOP, FAULT_PROBE);

	private static final Map<String, JobType> BY_NAME = ALL.stream()
		.collect(Collectors.toUnmodifiableMap(JobType::name, Function.identity()));

	private JobTypes() {
	}

	public static Optional<JobType> find(String name) {
		return Optional.ofNullable(name).map(BY_NAME::get);
	}

}
