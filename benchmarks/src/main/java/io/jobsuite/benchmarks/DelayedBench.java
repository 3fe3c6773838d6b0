package io.jobsuite.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import com.zaxxer.hikari.HikariDataSource;
import io.jobsuite.model.JobTypes;
import io.jobsuite.model.NewJob;
import io.jobsuite.model.dispatch.Dispatched;
import io.jobsuite.model.dispatch.JobDispatcher;
import io.jobsuite.model.dispatch.OutboxProperties;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Delayed jobs: {@code backlog} no-op jobs wait in the database, due tomorrow, while
 * {@code delayedDue} more fall due during the run, spread over it. Half of those are
 * dispatched at the start and due after the lead, so a relay times them (the worker's or
 * the API's, whichever locks them first); the other half are dispatched during the run,
 * each one to nine seconds before its time, so the dispatch times them. Lateness is the
 * job's start minus its time, both written by the database's clock; the jobs due tomorrow
 * must stay unsent and unstarted.
 */
final class DelayedBench implements AutoCloseable {

	/** Due jobs per second over the run, both halves together. */
	private static final int DUE_PER_SECOND = 40;

	/** The shortest run, so that jobs due after the lead exist. */
	private static final Duration MIN_WINDOW = Duration.ofSeconds(25);

	private static final Duration DRAIN_LIMIT = Duration.ofMinutes(2);

	/**
	 * One run.
	 *
	 * @param byDispatch lateness in ms of the jobs the dispatch timed
	 * @param byRelay lateness in ms of the jobs a relay timed
	 * @param sent how late in ms each due job's send was recorded (sent_at - runAt): the
	 * timing's share of the lateness, the rest being the worker's pickup
	 * @param early jobs due tomorrow that were sent or started
	 * @param extraStarts attempts beyond one per due job
	 * @param relayTimed sends the relays timed, for {@code relayJobs} jobs
	 */
	record Run(List<Double> byDispatch, List<Double> byRelay, List<Double> sent, long early, long extraStarts,
			long relayTimed, long relayJobs) {

		List<Double> all() {
			List<Double> all = new ArrayList<>(byDispatch);
			all.addAll(byRelay);
			return all;
		}

	}

	private final World world;

	private final BenchSettings settings;

	private final HikariDataSource pool;

	private final JobDispatcher dispatcher;

	private final ConfigurableApplicationContext worker;

	private final ConfigurableApplicationContext api;

	private final OutboxProperties outbox = JobSuiteEnvironment.shippedOutboxProperties();

	private final Random random = new Random(13);

	DelayedBench(World world, BenchSettings settings) {
		this.world = world;
		this.settings = settings;
		this.pool = world.pool("bench-delayed");
		this.dispatcher = world.dispatcher(pool);
		// Two services, two relays competing for the same rows.
		this.worker = Services.worker(world.serviceArguments());
		this.api = Services.api(world.serviceArguments());
	}

	/**
	 * The figure's runs, on one worker and one API, after a warm-up run without pending
	 * jobs (not counted: the services' first jobs are cold) unless warm-ups are off.
	 */
	static List<Run> runs(World world, BenchSettings settings) {
		List<Run> runs = new ArrayList<>();
		try (DelayedBench bench = new DelayedBench(world, settings)) {
			if (settings.warmupJobs() > 0) {
				bench.run(0);
			}
			for (int i = 0; i < settings.runs(); i++) {
				Run run = bench.run(settings.backlog());
				Report.progress("Delayed run %d: p99 %.0f ms, max %.0f ms; %d early, %d extra starts", i + 1,
						Stats.percentile(run.all(), 99), Stats.percentile(run.all(), 100), run.early(),
						run.extraStarts());
				runs.add(run);
			}
		}
		return runs;
	}

	Duration window() {
		Duration spread = Duration.ofMillis(settings.delayedDue() * 1000L / DUE_PER_SECOND);
		return spread.compareTo(MIN_WINDOW) < 0 ? MIN_WINDOW : spread;
	}

	Run run(int pendingJobs) {
		world.truncateJobs();
		long pendingStart = System.nanoTime();
		Instant tomorrow = Instant.now().plus(Duration.ofDays(1));
		List<UUID> pending = new ArrayList<>(pendingJobs);
		for (int start = 0; start < pendingJobs; start += JobSuiteContender.DISPATCH_CHUNK) {
			List<NewJob> chunk = new ArrayList<>();
			for (int i = start; i < Math.min(pendingJobs, start + JobSuiteContender.DISPATCH_CHUNK); i++) {
				chunk.add(noop().runAt(tomorrow.plusMillis(random.nextInt(3_600_000))));
			}
			dispatcher.dispatchAll(chunk).forEach(d -> pending.add(d.jobId()));
		}
		Report.progress("Delayed: %,d jobs due tomorrow dispatched in %.1f s", pending.size(),
				(System.nanoTime() - pendingStart) / 1e9);
		double relayedBefore = relayTimed();
		Instant start = Instant.now();
		Duration window = window();
		Duration afterLead = outbox.lead().plusSeconds(2);
		List<NewJob> relayed = new ArrayList<>();
		List<NewJob> dispatchedLater = new ArrayList<>();
		for (int i = 0; i < settings.delayedDue(); i++) {
			if (i % 2 == 0) {
				relayed.add(noop().runAt(start.plus(afterLead).plusMillis(nextMillis(window.minus(afterLead)))));
			}
			else {
				dispatchedLater.add(noop().runAt(start.plusSeconds(2).plusMillis(nextMillis(window.minusSeconds(2)))));
			}
		}
		List<UUID> byRelay = ids(dispatcher.dispatchAll(relayed));
		List<UUID> byDispatch = dispatchInTime(dispatchedLater);
		Report.progress("Delayed: %,d due over %d s (%,d timed by a relay, %,d by the dispatch)", settings.delayedDue(),
				window.toSeconds(), byRelay.size(), byDispatch.size());
		List<UUID> due = new ArrayList<>(byRelay);
		due.addAll(byDispatch);
		awaitSucceeded(due, start.plus(window).plus(DRAIN_LIMIT));
		return new Run(lateness(byDispatch, "started_at"), lateness(byRelay, "started_at"), lateness(due, "sent_at"),
				early(pending), extraStarts(due), Math.round(relayTimed() - relayedBefore), byRelay.size());
	}

	/**
	 * Dispatches each job one to nine seconds before its time (within the lead), in the
	 * order of those moments.
	 */
	private List<UUID> dispatchInTime(List<NewJob> jobs) {
		long leadMillis = outbox.lead().toMillis();
		List<Map.Entry<Instant, NewJob>> byMoment = jobs.stream()
			.map(job -> Map.entry(job.runAt().minusMillis(1_000 + random.nextLong(leadMillis - 1_000)), job))
			.sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
			.toList();
		List<UUID> ids = new ArrayList<>();
		int next = 0;
		while (next < byMoment.size()) {
			LockSupport.parkNanos(Duration.between(Instant.now(), byMoment.get(next).getKey()).toNanos());
			List<NewJob> now = new ArrayList<>();
			while (next < byMoment.size() && !byMoment.get(next).getKey().isAfter(Instant.now())) {
				now.add(byMoment.get(next++).getValue());
			}
			ids.addAll(ids(dispatcher.dispatchAll(now)));
		}
		return ids;
	}

	private long nextMillis(Duration range) {
		return random.nextLong(Math.max(1, range.toMillis()));
	}

	private static NewJob noop() {
		return NewJob.of(JobTypes.NOOP, "{}");
	}

	private static List<UUID> ids(List<Dispatched> dispatched) {
		return dispatched.stream().map(Dispatched::jobId).toList();
	}

	private void awaitSucceeded(List<UUID> due, Instant deadline) {
		while (count("SELECT COUNT(*) FROM jobs WHERE status = 'SUCCEEDED' AND id IN (:ids)", due) < due.size()) {
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException("Delayed jobs not all succeeded by " + deadline);
			}
			LockSupport.parkNanos(ThroughputBench.POLL.toNanos());
		}
	}

	private List<Double> lateness(List<UUID> ids, String column) {
		return jdbc().queryForList(
				"SELECT TIMESTAMPDIFF(MICROSECOND, not_before, " + column + ") / 1000 FROM jobs WHERE id IN (:ids)",
				Map.of("ids", strings(ids)), Double.class);
	}

	private long early(List<UUID> pending) {
		long early = 0;
		// Chunks: one IN list of 100,000 ids is a statement of 4 MB.
		for (int from = 0; from < pending.size(); from += 10_000) {
			early += count("SELECT COUNT(*) FROM jobs WHERE id IN (:ids) AND (sent_at IS NOT NULL OR attempts > 0)",
					pending.subList(from, Math.min(pending.size(), from + 10_000)));
		}
		return early;
	}

	private long extraStarts(List<UUID> due) {
		return count("SELECT COUNT(*) FROM job_attempts WHERE job_id IN (:ids)", due) - due.size();
	}

	private long count(String sql, List<UUID> ids) {
		return jdbc().queryForObject(sql, Map.of("ids", strings(ids)), Long.class);
	}

	private double relayTimed() {
		return relayTimed(worker) + relayTimed(api);
	}

	private static double relayTimed(ConfigurableApplicationContext service) {
		return service.getBean(MeterRegistry.class)
			.find("jobs.relayed")
			.tag("status", "delayed")
			.counters()
			.stream()
			.mapToDouble(counter -> counter.count())
			.sum();
	}

	private NamedParameterJdbcTemplate jdbc() {
		return new NamedParameterJdbcTemplate(world.dataSource());
	}

	private static List<String> strings(List<UUID> ids) {
		return ids.stream().map(UUID::toString).toList();
	}

	@Override
	public void close() {
		api.close();
		worker.close();
		pool.close();
	}

}
