package io.jobsuite.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The catalog of job types. Adding a job type: add a constant here, list it in
 * {@link #BUILT_IN}, and give the worker a {@code JobHandler} for it (a test fails while
 * a type has no handler). Tests add types of their own through {@link JobTypeProvider},
 * so that nothing test-only ships.
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
	 * Refreshes the optimizer's statistics of the tables the hot path and the admin read;
	 * recurs nightly (see {@code RecurringJobs}).
	 */
	public static final JobType TABLE_STATISTICS = new JobType("table-statistics", QueueKind.STANDARD, 3,
			Duration.ofSeconds(30));

	/**
	 * Sends an order's confirmation email through the configured SMTP server; a task of
	 * the example order workflow.
	 */
	public static final JobType ORDER_CONFIRMATION_EMAIL = new JobType("order-confirmation-email", QueueKind.STANDARD,
			5, Duration.ofSeconds(2));

	/** Reserves an order's stock; a task of the example order workflow. */
	public static final JobType STOCK_RESERVATION = new JobType("stock-reservation", QueueKind.STANDARD, 3,
			Duration.ofSeconds(1));

	/**
	 * Writes an order's invoice once its email and reservation are done; a task of the
	 * example order workflow.
	 */
	public static final JobType INVOICE = new JobType("invoice", QueueKind.STANDARD, 3, Duration.ofSeconds(1));

	/** The built-in catalog: the job types the production jars ship. */
	public static final List<JobType> BUILT_IN = List.of(CLIENT_SYNC, PROJECT_BUILD, NOOP, TABLE_STATISTICS,
			ORDER_CONFIRMATION_EMAIL, STOCK_RESERVATION, INVOICE);

	private static final Map<String, JobType> BY_NAME = index(BUILT_IN, contributed());

	private JobTypes() {
	}

	/** A job type by name, built in or contributed by a {@link JobTypeProvider}. */
	public static Optional<JobType> find(String name) {
		return Optional.ofNullable(name).map(BY_NAME::get);
	}

	/**
	 * Every known job type: the built-in catalog, then those {@link JobTypeProvider}s on
	 * the class path add (none in production).
	 */
	public static List<JobType> all() {
		return List.copyOf(BY_NAME.values());
	}

	private static List<JobType> contributed() {
		List<JobType> types = new ArrayList<>();
		ServiceLoader.load(JobTypeProvider.class, JobTypes.class.getClassLoader())
			.forEach(provider -> types.addAll(provider.jobTypes()));
		return types;
	}

	private static Map<String, JobType> index(List<JobType> builtIn, List<JobType> contributed) {
		Map<String, JobType> byName = new LinkedHashMap<>();
		for (JobType type : builtIn) {
			byName.put(type.name(), type);
		}
		for (JobType type : contributed) {
			if (byName.putIfAbsent(type.name(), type) != null) {
				throw new IllegalStateException("Job type " + type.name() + " is known twice");
			}
		}
		return Collections.unmodifiableMap(byName);
	}

}
