package io.jobsuite.scheduler.retention;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.jobsuite.model.JobTypes;
import io.jobsuite.model.NewJob;
import io.jobsuite.model.dispatch.Dispatched;
import io.jobsuite.model.dispatch.JobDispatcher;
import io.jobsuite.model.retention.Retention;
import io.jobsuite.model.retention.RetentionProperties;
import io.jobsuite.model.store.ClaimResult;
import io.jobsuite.model.store.Completion;
import io.jobsuite.model.store.JobClaims;
import io.jobsuite.model.store.JobTransitions;
import io.jobsuite.testsupport.JobHistory;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention against MariaDB: what is due goes with its attempts, nothing active or young
 * does, concurrent purgers delete each row once, and the hot path runs beside them.
 */
@SpringBootTest
class RetentionIntegrationTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
		registry.add("jobs.scan.cron", () -> "-");
		// The tests purge themselves; the schedule would race them.
		registry.add("jobs.retention.enabled", () -> "false");
	}

	@Autowired
	Retention retention;

	@Autowired
	MeterRegistry meters;

	@Autowired
	NamedParameterJdbcTemplate jdbc;

	@Autowired
	PlatformTransactionManager transactions;

	@Autowired
	JobTransitions transitions;

	@Autowired
	JobDispatcher dispatcher;

	@BeforeEach
	void emptyTables() {
		env.jdbc().update("DELETE FROM job_attempts");
		env.jdbc().update("DELETE FROM jobs");
		env.jdbc().update("DELETE FROM client_records");
	}

	@Test
	void deletesFinishedJobsPastTheirRetentionWithTheirAttemptsAndNothingActiveOrYoung() {
		JobHistory history = JobHistory.of(env.jdbc());
		history.finished("SUCCEEDED", 1_000, Duration.ofDays(9), Duration.ofDays(8));
		history.finished("CANCELLED", 50, Duration.ofDays(9), Duration.ofDays(8));
		history.finished("FAILED", 100, Duration.ofDays(32), Duration.ofDays(31));
		history.finished("SUCCEEDED", 100, Duration.ofDays(6), Duration.ofDays(5));
		history.finished("FAILED", 100, Duration.ofDays(20), Duration.ofDays(8));
		// The worst case for the guard: old rows, finished long ago, made active again
		// (an
		// ops retry of a failed job, a stuck retry). Only their status protects them.
		List<String> active = new ArrayList<>();
		for (String status : List.of("QUEUED", "RUNNING", "RETRYING")) {
			List<String> ids = env.jdbc()
				.queryForList("SELECT id FROM jobs WHERE status = 'SUCCEEDED' AND created_at < UTC_TIMESTAMP(3)"
						+ " - INTERVAL 8 DAY ORDER BY id LIMIT 10", String.class);
			jdbc.update("UPDATE jobs SET status = :status WHERE id IN (:ids)", Map.of("status", status, "ids", ids));
			active.addAll(ids);
		}
		UUID fresh = dispatcher.dispatch(NewJob.of(JobTypes.NOOP, "{}")).jobId();
		env.jdbc()
			.update("INSERT INTO client_records (client_id, external_id, payload, synced_at, sync_job_id)"
					+ " SELECT 1, id, '{}', created_at, id FROM jobs WHERE status = 'SUCCEEDED' LIMIT 100");
		double metered = deleted("jobs");

		Retention.Purged purged = retention.purgeDue();

		// Due: 970 old SUCCEEDED (30 were made active), 50 CANCELLED, 100 FAILED past 30
		// days.
		assertThat(purged.jobs()).isEqualTo(1_120);
		assertThat(purged.attempts()).isEqualTo(1_120);
		assertThat(count("SELECT COUNT(*) FROM jobs")).isEqualTo(100 + 100 + 30 + 1);
		assertThat(count("SELECT COUNT(*) FROM jobs WHERE status = 'SUCCEEDED'")).isEqualTo(100);
		assertThat(count("SELECT COUNT(*) FROM jobs WHERE status = 'FAILED'")).isEqualTo(100);
		assertThat(count("SELECT COUNT(*) FROM jobs WHERE status = 'CANCELLED'")).isZero();
		assertThat(env.jdbc()
			.queryForList("SELECT id FROM jobs WHERE status IN ('QUEUED', 'RUNNING', 'RETRYING')", String.class))
			.containsExactlyInAnyOrderElementsOf(concat(active, fresh.toString()));
		assertThat(count("SELECT COUNT(*) FROM job_attempts a LEFT JOIN jobs j ON j.id = a.job_id WHERE j.id IS NULL"))
			.as("attempts left without their job")
			.isZero();
		assertThat(count("SELECT COUNT(*) FROM job_attempts")).isEqualTo(100 + 100 + 30);
		assertThat(count("SELECT COUNT(*) FROM client_records")).as("client data stays").isEqualTo(100);
		assertThat(deleted("jobs") - metered).isEqualTo(1_120);
		assertThat(retention.purgeDue().jobs()).as("a second round finds nothing").isZero();
	}

	@Test
	void threePurgersAtOnceDeleteEachRowOnceBesideTheHotPath() throws Exception {
		int due = 20_000;
		JobHistory.of(env.jdbc()).finished("SUCCEEDED", due, Duration.ofDays(10), Duration.ofDays(8));
		RetentionProperties small = new RetentionProperties(true, Duration.ofDays(7), Duration.ofDays(30), 100,
				Duration.ofMinutes(1), 0);
		List<MeterRegistry> purgerMeters = List.of(new SimpleMeterRegistry(), new SimpleMeterRegistry(),
				new SimpleMeterRegistry());
		List<Retention> purgers = purgerMeters.stream()
			.map(registry -> new Retention(jdbc, transactions, small, registry))
			.toList();
		ExecutorService threads = Executors.newFixedThreadPool(purgers.size() + 1);
		AtomicBoolean purging = new AtomicBoolean(true);
		AtomicInteger hotPathJobs = new AtomicInteger();
		try {
			// The hot path meanwhile: dispatch, claim and complete, as a worker does.
			CompletableFuture<Void> hotPath = CompletableFuture.runAsync(() -> runJobsWhile(purging, hotPathJobs),
					threads);
			CountDownLatch start = new CountDownLatch(1);
			List<CompletableFuture<Retention.Purged>> rounds = purgers.stream()
				.map(purger -> CompletableFuture.supplyAsync(() -> {
					await(start);
					return purger.purgeDue();
				}, threads))
				.toList();
			start.countDown();
			long jobs = 0;
			long attempts = 0;
			for (CompletableFuture<Retention.Purged> round : rounds) {
				Retention.Purged purged = round.get(2, TimeUnit.MINUTES);
				System.out.printf("purger deleted %,d jobs and %,d attempts%n", purged.jobs(), purged.attempts());
				jobs += purged.jobs();
				attempts += purged.attempts();
			}
			purging.set(false);
			hotPath.get(1, TimeUnit.MINUTES);

			assertThat(jobs).isEqualTo(due);
			assertThat(attempts).isEqualTo(due);
			assertThat(hotPathJobs.get()).as("jobs the hot path ran meanwhile").isPositive();
			// Purgers can still deadlock on each other's secondary-index entries (seen
			// once in four CI runs at READ COMMITTED): the victim's batch is retried,
			// and the exact counts above prove nothing was deleted twice or left.
			// Counted,
			// not asserted, until the purge walks the primary key (issue 12).
			System.out.printf("purger batches rolled back as deadlock victims and retried: %.0f%n",
					purgerMeters.stream()
						.mapToDouble(registry -> registry.get("jobs.retention.deadlocks").counter().count())
						.sum());
			assertThat(count("SELECT COUNT(*) FROM jobs WHERE status <> 'SUCCEEDED'")).isZero();
			assertThat(count("SELECT COUNT(*) FROM jobs")).isEqualTo(hotPathJobs.get());
			System.out.printf("hot path ran %,d jobs beside the purgers%n", hotPathJobs.get());
		}
		finally {
			purging.set(false);
			threads.shutdownNow();
		}
	}

	private void runJobsWhile(AtomicBoolean purging, AtomicInteger done) {
		JobClaims claims = new JobClaims(jdbc, transitions);
		while (purging.get()) {
			List<UUID> ids = dispatcher
				.dispatchAll(IntStream.range(0, 10).mapToObj(i -> NewJob.of(JobTypes.NOOP, "{}")).toList())
				.stream()
				.map(Dispatched::jobId)
				.toList();
			Map<UUID, ClaimResult> claimed = claims.claim(ids, "retention-test#" + UUID.randomUUID(),
					Duration.ofSeconds(30), false);
			List<Completion> completions = claimed.values()
				.stream()
				.map(result -> result instanceof ClaimResult.Won won
						? Completion.succeeded(won.job(), Duration.ZERO, "{}") : null)
				.filter(Objects::nonNull)
				.toList();
			assertThat(completions).hasSize(ids.size());
			assertThat(transitions.complete(completions, false, Duration.ofMinutes(2), "retention-test").values())
				.containsOnly(true);
			done.addAndGet(completions.size());
		}
	}

	private double deleted(String table) {
		return meters.get("jobs.retention.deleted").tag("table", table).counter().count();
	}

	private static long count(String sql) {
		return env.jdbc().queryForObject(sql, Long.class);
	}

	private static List<String> concat(List<String> ids, String id) {
		List<String> all = new ArrayList<>(ids);
		all.add(id);
		return all;
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
