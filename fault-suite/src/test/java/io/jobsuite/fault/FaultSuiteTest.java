package io.jobsuite.fault;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.jobsuite.fault.probe.FaultProbeJobs;
import io.jobsuite.model.JobMessage;
import io.jobsuite.model.JobMessageCodec;
import io.jobsuite.model.JobType;
import io.jobsuite.model.NewBatch;
import io.jobsuite.model.NewJob;
import io.jobsuite.model.QueueKind;
import io.jobsuite.model.dispatch.Dispatched;
import io.jobsuite.model.dispatch.JobDispatcher;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import io.jobsuite.testsupport.TcpProxy;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fault suite: workers as separate JVMs on a fresh MariaDB database and fresh
 * ElasticMQ queues per scenario, on the configuration the worker jar ships (only the
 * sizes of each test are its own), faults injected for real (kill -9, SIGTERM, TCP cuts,
 * duplicate, malformed and deleted messages, a locked row, a skewed clock), and every
 * figure both asserted and written to the report table printed at the end. Every scenario
 * ends with the same convergence rows: no job lost, none stuck active, none dead-lettered
 * with attempts left, no FIFO order broken, no job run twice at once.
 */
@Tag("fault")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteTest {

	private static final FaultReport report = new FaultReport();

	private static final JobMessageCodec codec = new JobMessageCodec(JsonMapper.builder().build());

	private static final Instant suiteStart = Instant.now();

	private static final JobType FAULT_PROBE = FaultProbeJobs.FAULT_PROBE;

	/** No overrides: the worker runs with what its jar ships. */
	private static final Map<String, String> SHIPPED = Map.of();

	/**
	 * The shipped lease ({@code jobs.worker.lease} in worker-service's application.yml).
	 */
	private static final Duration LEASE = Duration.ofSeconds(60);

	/** The shipped shutdown grace. */
	private static final Duration GRACE = Duration.ofSeconds(60);

	/** The shipped overlap-lock re-check. */
	private static final Duration LOCK_RECHECK = Duration.ofSeconds(5);

	private static final Path LIBFAKETIME = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1");

	private static final Pattern JOB_ID = Pattern
		.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	private final List<WorkerProcess> workers = new ArrayList<>();

	private final Map<String, Instant> killedAt = new ConcurrentHashMap<>();

	private JobSuiteEnvironment env;

	private JobDispatcher dispatcher;

	@AfterEach
	void stopWorkers() {
		workers.stream().filter(WorkerProcess::alive).forEach(WorkerProcess::kill);
	}

	@AfterAll
	static void printReport() {
		report.note("Whole suite: " + Duration.between(suiteStart, Instant.now()).toSeconds() + " s wall time on "
				+ Runtime.getRuntime().availableProcessors() + " cores");
		String table = report.table();
		System.out.println("\n=== Fault suite ===\n" + table);
		report.write(Path.of(System.getProperty("fault.reportFile", "target/fault-report.md")));
	}

	@Test
	@Order(1)
	void killingWorkersMidJobLosesNoJobAndNeverRunsOneTwiceAtOnce() {
		String scenario = "1 kill -9 x20, 2,000 jobs";
		int jobs = 2_000;
		int kills = 20;
		begin(3);

		int started = workers.size();
		int killedMidJob = 0;
		for (int kill = 1; kill <= kills; kill++) {
			// The load comes in slices, one before each kill, so that every kill finds
			// jobs running.
			int from = (kill - 1) * jobs / kills;
			dispatchProbes(jobs / kills, i -> Probe.of("k" + (from + i), 0, 1_500).job());
			pace(Duration.ofMillis(2_500));
			// One started worker always survives a kill, so that the load goes on while
			// replacements start.
			await().atMost(Duration.ofMinutes(2))
				.until(() -> workers.stream().filter(w -> w.alive() && w.started()).count() >= 2);
			WorkerProcess victim = awaitWorkerWithRunningJobs();
			killedAt.put(victim.name(), victim.kill());
			killedMidJob++;
			workers.add(WorkerProcess.start("w" + (++started), env, env.jdbcUrl(), env.sqsEndpoint(), SHIPPED));
		}
		awaitFinal(jobs, Duration.ofMinutes(5));

		ProbeRuns runs = runs();
		long cut = runs.cut().size();
		long cutRecorded = runs.cut()
			.stream()
			.filter(run -> jdbc().queryForObject(
					"SELECT COUNT(*) FROM job_attempts WHERE job_id = ? AND attempt = ? AND outcome = 'LEASE_EXPIRED'",
					Integer.class, run.jobId(), run.attempt()) == 1)
			.count();
		boolean ok = report.figure(scenario, "kills of a worker with jobs running", killedMidJob, kills)
				& report.atLeast(scenario, "runs cut by a kill", cut, kills)
				& report.figure(scenario, "cut runs recorded as LEASE_EXPIRED attempts", cutRecorded, cut)
				& converged(scenario, jobs, true, false);
		report.info(scenario, "jobs re-run after a kill (at least once)",
				Long.toString(runs.byJob().values().stream().filter(list -> list.size() > 1).count()));
		assertThat(ok).as(report.table()).isTrue();
	}

	@Test
	@Order(2)
	void messagesDeliveredFiveTimesRunTheirJobOnce() {
		String scenario = "2 1,000 messages x5";
		int jobs = 1_000;
		begin(2);
		List<UUID> ids = dispatchProbes(jobs, i -> Probe.of("d" + i, 0, 20).job());
		String queue = env.queueUrl(QueueKind.STANDARD);
		List<SendMessageBatchRequestEntry> copies = new ArrayList<>();
		for (UUID id : ids) {
			for (int copy = 2; copy <= 5; copy++) {
				copies.add(SendMessageBatchRequestEntry.builder()
					.id(Integer.toString(copies.size() % 10))
					.messageBody(codec.write(JobMessage.of(id, FAULT_PROBE.name(), null)))
					.build());
				if (copies.size() == 10) {
					sendBatch(queue, copies);
				}
			}
		}
		sendBatch(queue, copies);

		awaitFinal(jobs, Duration.ofMinutes(3));
		awaitQuietly(Duration.ofMinutes(2), () -> env.messagesOn(queue) == 0);
		ProbeRuns runs = runs();
		boolean ok = report.figure(scenario, "messages delivered", jobs * 5L, jobs * 5L)
				& report.figure(scenario, "double executions",
						runs.byJob().values().stream().filter(r -> r.size() > 1).count(), 0)
				& report.figure(scenario, "jobs with more than one attempt", countWhere("attempts > 1"), 0)
				& report.figure(scenario, "messages left on the queue", env.messagesOn(queue), 0)
				& converged(scenario, jobs, true, false);
		assertThat(ok).as(report.table()).isTrue();
	}

	@Test
	@Order(3)
	void databaseCutForTenSecondsLosesNothingAndRecoversByItself() {
		String scenario = "3 DB cut 10 s";
		int jobs = 1_500;
		env = JobSuiteEnvironment.create();
		try (TcpProxy database = TcpProxy.to("127.0.0.1", databasePort())) {
			startWorkers(2, proxiedJdbcUrl(database), env.sqsEndpoint(), SHIPPED);
			prepare();
			dispatchProbes(jobs, i -> Probe.of("c" + i, 0, 100).job());
			await().atMost(Duration.ofMinutes(1)).until(() -> count("SUCCEEDED") >= 300);

			database.cut();
			pace(Duration.ofSeconds(10));
			database.restore();
			Instant restored = Instant.now();

			awaitFinal(jobs, Duration.ofMinutes(4));
			double recovery = Duration.between(restored, Instant.now()).toMillis() / 1000.0;
			boolean ok = report.figure(scenario, "jobs RUNNING after leases expired",
					countWhere("status = 'RUNNING' AND lease_until < UTC_TIMESTAMP(3)"), 0)
					& report.figure(scenario, "workers still alive (no restart needed)",
							workers.stream().filter(WorkerProcess::alive).count(), 2)
					& report.atMost(scenario, "from restore to all jobs done", recovery, 180, "s")
					& converged(scenario, jobs, true, false);
			assertThat(ok).as(report.table()).isTrue();
		}
	}

	@Test
	@Order(4)
	void sqsEndpointUnreachableForTenSecondsLosesNothingAndRecoversByItself() {
		String scenario = "4 SQS cut 10 s";
		int jobs = 1_500;
		env = JobSuiteEnvironment.create();
		try (TcpProxy sqs = env.sqsProxy()) {
			startWorkers(2, env.jdbcUrl(), "http://127.0.0.1:" + sqs.port(), SHIPPED);
			prepare();
			dispatchProbes(jobs, i -> Probe.of("s" + i, 0, 100).job());
			await().atMost(Duration.ofMinutes(1)).until(() -> count("SUCCEEDED") >= 300);

			sqs.cut();
			pace(Duration.ofSeconds(10));
			sqs.restore();
			Instant restored = Instant.now();

			awaitFinal(jobs, Duration.ofMinutes(4));
			String queue = env.queueUrl(QueueKind.STANDARD);
			awaitQuietly(Duration.ofMinutes(2), () -> env.messagesOn(queue) == 0);
			double recovery = Duration.between(restored, Instant.now()).toMillis() / 1000.0;
			boolean ok = report.figure(scenario, "messages left on the queue", env.messagesOn(queue), 0)
					& report.figure(scenario, "workers still alive (no restart needed)",
							workers.stream().filter(WorkerProcess::alive).count(), 2)
					& report.atMost(scenario, "from restore to all jobs done", recovery, 180, "s")
					& converged(scenario, jobs, true, false);
			assertThat(ok).as(report.table()).isTrue();
		}
	}

	@Test
	@Order(5)
	void malformedMessagesAllReachTheDeadLetterQueueWithTheirReasonAndGoodOnesSucceed() {
		String scenario = "5 500 malformed + 500 good";
		int perKind = 125;
		int good = 500;
		begin(2);
		String queue = env.queueUrl(QueueKind.STANDARD);
		List<SendMessageBatchRequestEntry> bad = new ArrayList<>();
		String padding = "x".repeat(5_000);
		for (int i = 0; i < perKind; i++) {
			bad.add(entry(bad, "{not json " + i));
			bad.add(entry(bad, "{\"v\":1,\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"no-such-type\"}"));
			bad.add(entry(bad, "{\"v\":1,\"type\":\"fault-probe\",\"n\":" + i + "}"));
			bad.add(entry(bad, "{\"v\":1,\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"fault-probe\",\"pad\":\""
					+ padding + "\"}"));
		}
		List<UUID> goodIds = new ArrayList<>();
		for (int from = 0; from < bad.size(); from += 100) {
			List<SendMessageBatchRequestEntry> slice = new ArrayList<>(
					bad.subList(from, Math.min(from + 100, bad.size())));
			for (int i = 0; i < slice.size(); i += 10) {
				sendBatch(queue, new ArrayList<>(slice.subList(i, Math.min(i + 10, slice.size()))));
			}
			goodIds.addAll(dispatchProbes(good / 5, i -> Probe.of("g" + i, 0, 0).job()));
		}

		awaitFinal(good, Duration.ofMinutes(3));
		String deadLetters = env.deadLetterUrl(QueueKind.STANDARD);
		awaitQuietly(Duration.ofMinutes(2), () -> env.messagesOn(deadLetters) >= bad.size());
		Map<String, Long> reasons = new HashMap<>();
		long withSourceId = 0;
		long goodOnDeadLetters = 0;
		for (Message message : drain(deadLetters)) {
			String reason = message.messageAttributes().containsKey("DeadLetterReason")
					? message.messageAttributes().get("DeadLetterReason").stringValue() : "(none)";
			reasons.merge(kindOf(reason), 1L, Long::sum);
			if (message.messageAttributes().containsKey("SourceMessageId")) {
				withSourceId++;
			}
			if (goodIds.stream().anyMatch(id -> message.body().contains(id.toString()))) {
				goodOnDeadLetters++;
			}
		}
		long logged = workers.stream()
			.mapToLong(w -> w.logText().lines().filter(line -> line.contains("to its dead-letter queue")).count())
			.sum();
		boolean ok = report.figure(scenario, "bad JSON on the DLQ with reason", reasons.getOrDefault("not JSON", 0L),
				perKind)
				& report.figure(scenario, "unknown type on the DLQ with reason",
						reasons.getOrDefault("unknown type", 0L), perKind)
				& report.figure(scenario, "missing id on the DLQ with reason", reasons.getOrDefault("missing id", 0L),
						perKind)
				& report.figure(scenario, "oversized on the DLQ with reason", reasons.getOrDefault("oversized", 0L),
						perKind)
				& report.figure(scenario, "DLQ messages carrying the source message id", withSourceId, 4L * perKind)
				& report.figure(scenario, "dead-letter moves logged with the message id", logged, 4L * perKind)
				& report.figure(scenario, "good jobs on the DLQ", goodOnDeadLetters, 0)
				& report.figure(scenario, "workers alive (listeners never stopped)",
						workers.stream().filter(WorkerProcess::alive).count(), 2)
				& converged(scenario, good, true, false);
		assertThat(ok).as(report.table()).isTrue();
	}

	@Test
	@Order(6)
	void jobsSharingAnOverlapKeyNeverOverlapAcrossThreeProcessesAndWaitingConsumesNoAttempt() {
		String scenario = "6 overlap keys, 3 processes";
		int keys = 6;
		int perKey = 10;
		begin(3);
		List<NewJob> jobs = new ArrayList<>();
		for (int n = 0; n < perKey; n++) {
			for (int k = 0; k < keys; k++) {
				jobs.add(Probe.of("key-" + k, n, 300).job().withoutOverlapping("key-" + k));
			}
		}
		dispatcher.dispatchAll(jobs);

		awaitFinal(keys * perKey, Duration.ofMinutes(4));
		ProbeRuns runs = runs();
		long workersUsed = runs.runs().stream().map(ProbeRuns.Run::worker).distinct().count();
		boolean ok = report.figure(scenario, "overlapping runs of one key", runs.overlapsAcrossJobsOfOneKey(), 0)
				& report.figure(scenario, "attempts consumed by waiting (jobs with attempts > 1)",
						countWhere("attempts > 1"), 0)
				& report.figure(scenario, "locks left behind",
						jdbc().queryForObject("SELECT COUNT(*) FROM job_locks", Integer.class), 0)
				& report.figure(scenario, "worker processes that ran jobs", workersUsed, 3)
				& converged(scenario, keys * perKey, true, false);
		assertThat(ok).as(report.table()).isTrue();
	}

	@Test
	@Order(7)
	void fifoGroupsKeepTheirOrderThroughRandomFailuresWithTheShippedBatchOfTen() {
		String scenario = "7 FIFO 50x40, 10% failing";
		int groups = 50;
		int perGroup = 40;
		begin(2);
		dispatchGroups(groups, perGroup, (g, n) -> Probe.of("group-" + g, n, 10).failing(10).inGroup("group-" + g));

		awaitFinal(groups * perGroup, Duration.ofMinutes(6));
		ProbeRuns runs = runs();
		long failedAttempts = runs.runs().stream().filter(r -> "FAILED".equals(r.outcome())).count();
		boolean ok = report.figure(scenario, "jobs whose status contradicts their attempts",
				statusContradictingRuns(runs, groups * perGroup), 0)
				& report.atLeast(scenario, "failed attempts", failedAttempts, 1)
				& converged(scenario, groups * perGroup, false, true);
		report.info(scenario, "failed attempts / runs", failedAttempts + " / " + runs.runs().size());
		report.info(scenario, "jobs FAILED after 3 failed attempts", Long.toString(count("FAILED")));
		assertThat(ok).as(report.table()).isTrue();
	}

	@Test
	@Order(8)
	void sigtermUnderLoadFinishesOrReleasesInFlightJobsAndTheRestTakesOverWithinTheVisibilityWindow() {
		String scenario = "8 SIGTERM under load";
		int shortJobs = 300;
		int tailJobs = 60;
		int jobs = shortJobs + tailJobs;
		begin(3);
		// Short jobs first, then a tail of 2 s jobs (they finish within the shipped grace
		// of 60 s) and 90 s jobs (they do not).
		dispatchProbes(shortJobs, i -> Probe.of("t" + i, 0, 200).job());
		dispatchProbes(tailJobs, i -> Probe.of("tail" + i, 0, i % 2 == 0 ? 90_000 : 2_000).job());
		// SIGTERM once the backlog is gone: a standard queue on ElasticMQ hands out
		// messages oldest first, so a released message would otherwise queue behind the
		// backlog, which says nothing of the release.
		await().atMost(Duration.ofMinutes(2)).until(() -> count("QUEUED") == 0);

		WorkerProcess victim = awaitWorkerWithRunningJobs();
		List<String> inFlight = jdbc().queryForList(
				"SELECT job_id FROM fault_probe_runs WHERE worker = ? AND finished_at IS NULL", String.class,
				victim.name());
		Duration shutdown = victim.terminate(GRACE.plusSeconds(60));
		killedAt.put(victim.name(), victim.endedAt());
		workers.add(WorkerProcess.start(victim.name() + "-restarted", env, env.jdbcUrl(), env.sqsEndpoint(), SHIPPED));
		awaitFinal(jobs, Duration.ofMinutes(5));

		ProbeRuns runs = runs();
		List<ProbeRuns.Run> victimRuns = runs.runs()
			.stream()
			.filter(r -> r.worker().equals(victim.name()) && inFlight.contains(r.jobId()))
			.toList();
		long finished = victimRuns.stream().filter(r -> "SUCCEEDED".equals(r.outcome())).count();
		List<ProbeRuns.Run> released = victimRuns.stream().filter(r -> "INTERRUPTED".equals(r.outcome())).toList();
		long lateTakeovers = released.stream().filter(r -> {
			Instant next = runs.byJob()
				.get(r.jobId())
				.stream()
				.map(ProbeRuns.Run::start)
				.filter(start -> start.isAfter(r.start()))
				.min(Comparator.naturalOrder())
				.orElse(Instant.MAX);
			return !next.isBefore(r.end().plus(LEASE));
		}).count();
		long attemptsCountedForReleased = released.stream()
			.filter(r -> jdbc().queryForObject("SELECT attempts FROM jobs WHERE id = ?", Integer.class,
					r.jobId()) != runs.byJob()
						.get(r.jobId())
						.stream()
						.filter(x -> !"INTERRUPTED".equals(x.outcome()))
						.count())
			.count();
		boolean ok = report.atLeast(scenario, "jobs in flight at SIGTERM", inFlight.size(), 1)
				& report.atLeast(scenario, "in-flight jobs released at the end of the grace", released.size(), 1)
				& report.figure(scenario, "in-flight jobs neither finished nor released",
						inFlight.size() - finished - released.size(), 0)
				& report.figure(scenario, "released jobs not taken over within the lease (60 s)", lateTakeovers, 0)
				& report.figure(scenario, "released jobs whose attempt was counted", attemptsCountedForReleased, 0)
				& report.atMost(scenario, "SIGTERM to exit (grace 60 s)", shutdown.toMillis() / 1000.0,
						GRACE.toSeconds() + 25, "s")
				& report.figure(scenario, "exit code",
						victim.exitValue() == 143 || victim.exitValue() == 0 ? 0 : victim.exitValue(), 0)
				& converged(scenario, jobs, true, false);
		report.info(scenario, "in flight at SIGTERM: finished / released", finished + " / " + released.size());
		assertThat(ok).as(report.table()).isTrue();
	}

	@Test
	@Order(9)
	void handlerRunningPastTheLeaseAndVisibilityIsNeverRunTwiceAtOnce() {
		String scenario = "9 80 s jobs, 60 s lease";
		int jobs = 20;
		begin(2);
		dispatchProbes(jobs, i -> Probe.of("long" + i, 0, 80_000).job());

		awaitFinal(jobs, Duration.ofMinutes(3));
		ProbeRuns runs = runs();
		boolean ok = report.figure(scenario, "runs per job above 1", runs.runs().size() - jobs, 0)
				& report.figure(scenario, "attempts recorded as LEASE_EXPIRED", jdbc().queryForObject(
						"SELECT COUNT(*) FROM job_attempts WHERE outcome = 'LEASE_EXPIRED'", Integer.class), 0)
				& converged(scenario, jobs, true, false);
		assertThat(ok).as(report.table()).isTrue();
	}

	/**
	 * The reproduction, wider: group A's job holds overlap key K for 60 s; the
	 * first job of four other groups needs K, and six more follow each in its group. A
	 * wait of 60 s is twelve lock re-checks, far more than the five receives after which
	 * SQS would dead-letter a message that waited in the queue.
	 */
	@Test
	@Order(10)
	void fifoJobsWaitingForALockLongerThanFiveReceivesRunInOrderAndNeverDeadLetter() {
		String scenario = "10 FIFO lock wait 60 s";
		String key = "deploy";
		int waitingGroups = 4;
		int perGroup = 7;
		begin(2);
		Instant dispatched = Instant.now();
		dispatcher.dispatch(Probe.of("holder", 0, 60_000).inGroup("holder").withoutOverlapping(key));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> jdbc().queryForObject("SELECT COUNT(*) FROM job_locks WHERE lock_key = ?", Integer.class,
					key) == 1);
		List<NewJob> jobs = new ArrayList<>();
		for (int g = 0; g < waitingGroups; g++) {
			for (int n = 0; n < perGroup; n++) {
				NewJob job = Probe.of("waiting-" + g, n, 10).inGroup("waiting-" + g);
				jobs.add(n == 0 ? job.withoutOverlapping(key) : job);
			}
		}
		dispatcher.dispatchAll(jobs);
		int total = 1 + waitingGroups * perGroup;

		awaitFinal(total, Duration.ofMinutes(5));
		ProbeRuns runs = runs();
		Instant firstWaiterStart = runs.runs()
			.stream()
			.filter(r -> r.key().startsWith("waiting-") && r.sequence() == 0)
			.map(ProbeRuns.Run::start)
			.min(Comparator.naturalOrder())
			.orElse(dispatched);
		long waited = Duration.between(dispatched, firstWaiterStart).toSeconds();
		boolean ok = report.atLeast(scenario, "first waiter's wait for the lock (s)", waited,
				5 * LOCK_RECHECK.toSeconds())
				& report.figure(scenario, "overlapping runs of the key", countOverlapsOfOverlapKey(runs, key), 0)
				& report.figure(scenario, "attempts consumed by waiting (jobs with attempts > 1)",
						countWhere("attempts > 1"), 0)
				& converged(scenario, total, true, true);
		assertThat(ok).as(report.table()).isTrue();
	}

	@Test
	@Order(11)
	void fifoJobsFailingThirtyPercentOfAttemptsWithTenAttemptsAllEndAndKeepTheirOrder() {
		String scenario = "11 FIFO 20x20, 30% failing, 10 attempts";
		int groups = 20;
		int perGroup = 20;
		begin(2);
		dispatchGroups(groups, perGroup,
				(g, n) -> Probe.of("f30-" + g, n, 10).failing(30).inGroup("f30-" + g).withMaxAttempts(10));

		awaitFinal(groups * perGroup, Duration.ofMinutes(6));
		ProbeRuns runs = runs();
		long failedAttempts = runs.runs().stream().filter(r -> "FAILED".equals(r.outcome())).count();
		boolean ok = report.figure(scenario, "jobs whose status contradicts their attempts",
				statusContradictingRuns(runs, groups * perGroup), 0)
				& report.atLeast(scenario, "failed attempts", failedAttempts, groups * perGroup / 5)
				& converged(scenario, groups * perGroup, false, true);
		report.info(scenario, "failed attempts / runs", failedAttempts + " / " + runs.runs().size());
		assertThat(ok).as(report.table()).isTrue();
	}

	/**
	 * Database errors confined to one FIFO group while jobs of other groups, in the same
	 * batches, run longer than a lease: one group's handler fails with a real SQL error,
	 * and another group's running job has its row locked by the suite past the database's
	 * lock wait timeout (50 s), so that the worker's own statements on it fail. The other
	 * groups' jobs must keep their leases and run once.
	 */
	@Test
	@Order(12)
	void databaseErrorsInOneFifoGroupLeaveTheOtherGroupsRunningOnce() throws SQLException {
		String scenario = "12 FIFO DB errors in 2 of 12 groups";
		int longGroups = 10;
		begin(2);
		List<NewJob> jobs = new ArrayList<>();
		for (int n = 0; n < 5; n++) {
			jobs.add(Probe.of("db-error", n, 10).dbErrors(1).inGroup("db-error"));
			jobs.add(Probe.of("row-locked", n, n == 0 ? 20_000 : 10).inGroup("row-locked"));
		}
		for (int n = 0; n < 2; n++) {
			for (int g = 0; g < longGroups; g++) {
				jobs.add(Probe.of("long-" + g, n, 80_000).inGroup("long-" + g));
			}
		}
		List<UUID> ids = dispatcher.dispatchAll(jobs).stream().map(Dispatched::jobId).toList();
		UUID locked = ids.get(1);
		await().atMost(Duration.ofMinutes(1))
			.until(() -> "RUNNING".equals(
					jdbc().queryForObject("SELECT status FROM jobs WHERE id = ?", String.class, locked.toString())));
		try (Connection connection = env.dataSource().getConnection()) {
			connection.setAutoCommit(false);
			try (PreparedStatement lock = connection.prepareStatement("SELECT id FROM jobs WHERE id = ? FOR UPDATE")) {
				lock.setString(1, locked.toString());
				lock.executeQuery().close();
			}
			pace(Duration.ofSeconds(55));
			connection.commit();
		}
		int total = jobs.size();

		awaitFinal(total, Duration.ofMinutes(6));
		ProbeRuns runs = runs();
		long longRunsAboveOne = runs.runs().stream().filter(r -> r.key().startsWith("long-")).count() - 2L * longGroups;
		boolean ok = report.atLeast(scenario, "runs failed by a database error",
				runs.runs().stream().filter(r -> "DB_ERROR".equals(r.outcome())).count(), 5)
				& report.figure(scenario, "runs of the long groups' jobs above 1", longRunsAboveOne, 0)
				& converged(scenario, total, true, true);
		assertThat(ok).as(report.table()).isTrue();
	}

	/**
	 * A Sync Now that promoted a scheduled job whose standard message is already on its
	 * way: the job has a message on the standard queue and one on the express queue.
	 * Whichever worker claims it runs it for 60 s; the other message is a duplicate of a
	 * job running under a live lease and must wait for it without a receive that could
	 * dead-letter it.
	 */
	@Test
	@Order(13)
	void promotedSyncNowWhoseStandardRunLastsSixtySecondsWaitsAndNeverDeadLetters() {
		String scenario = "13 promoted Sync Now, 60 s run";
		int jobs = 10;
		begin(1);
		// The jobs are dispatched while no worker consumes, so that both messages of each
		// are on their queues before any claim.
		workers.get(0).terminate(GRACE.plusSeconds(30));
		dispatchProbes(jobs, i -> Probe.of("sync-" + i, 0, 60_000).job().uniqueBy("sync-" + i));
		long promoted = dispatcher
			.dispatchAll(java.util.stream.IntStream.range(0, jobs)
				.mapToObj(i -> Probe.of("sync-" + i, 0, 60_000).job().uniqueBy("sync-" + i).onQueue(QueueKind.EXPRESS))
				.toList())
			.stream()
			.filter(d -> d.outcome() == Dispatched.Outcome.PROMOTED)
			.count();
		startWorkers(2, "v", env.jdbcUrl(), env.sqsEndpoint(), SHIPPED);

		awaitFinal(jobs, Duration.ofMinutes(5));
		String express = env.queueUrl(QueueKind.EXPRESS);
		String standard = env.queueUrl(QueueKind.STANDARD);
		awaitQuietly(Duration.ofMinutes(2), () -> env.messagesOn(express) + env.messagesOn(standard) == 0);
		ProbeRuns runs = runs();
		boolean ok = report.figure(scenario, "jobs promoted to express", promoted, jobs)
				& report.figure(scenario, "runs per job above 1", runs.runs().size() - jobs, 0)
				& report.figure(scenario, "jobs with more than one attempt", countWhere("attempts > 1"), 0)
				& report.figure(scenario, "messages on the dead-letter queues",
						env.messagesOn(env.deadLetterUrl(QueueKind.EXPRESS))
								+ env.messagesOn(env.deadLetterUrl(QueueKind.STANDARD)),
						0)
				& report.figure(scenario, "messages left on the queues",
						env.messagesOn(express) + env.messagesOn(standard), 0)
				& converged(scenario, jobs, true, false);
		assertThat(ok).as(report.table()).isTrue();
	}

	/**
	 * Every message deleted behind the workers' backs while jobs are queued, running and
	 * retrying: the relay (the reconciler) must give each active job a fresh message.
	 */
	@Test
	@Order(14)
	void jobsWhoseMessagesArePurgedConvergeThroughTheRelay() {
		String scenario = "14 queues purged mid-load";
		begin(2);
		// Retrying jobs first (their delayed copies then wait behind the backlog), then a
		// backlog of 10 s jobs larger than the workers hold, then FIFO groups.
		dispatchProbes(40, i -> Probe.of("r" + i, 0, 0).failFirst(3).job().withMaxAttempts(6));
		dispatchProbes(400, i -> Probe.of("p" + i, 0, 10_000).job());
		dispatchGroups(5, 10, (g, n) -> Probe.of("pg-" + g, n, 2_000).inGroup("pg-" + g));
		int jobs = 40 + 400 + 50;
		await().atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> count("QUEUED") > 0 && count("RUNNING") > 0 && count("RETRYING") > 0);
		long queued = count("QUEUED");
		long running = count("RUNNING");
		long retrying = count("RETRYING");
		for (QueueKind queue : QueueKind.values()) {
			env.sqs().purgeQueue(r -> r.queueUrl(env.queueUrl(queue)));
		}
		Instant purged = Instant.now();

		awaitFinal(jobs, Duration.ofMinutes(8));
		double convergence = Duration.between(purged, Instant.now()).toMillis() / 1000.0;
		boolean ok = report.atLeast(scenario, "jobs QUEUED when purged", queued, 1)
				& report.atLeast(scenario, "jobs RUNNING when purged", running, 1)
				& report.atLeast(scenario, "jobs RETRYING when purged", retrying, 1)
				& report.atMost(scenario, "from purge to all jobs done", convergence, 300, "s")
				& converged(scenario, jobs, true, true);
		assertThat(ok).as(report.table()).isTrue();
	}

	@Test
	@Order(15)
	void databaseOutageOfThreeLeasesNeverRunsAJobTwiceAtOnce() {
		String scenario = "15 DB outage 3 leases (180 s)";
		int jobs = 600;
		env = JobSuiteEnvironment.create();
		try (TcpProxy database = TcpProxy.to("127.0.0.1", databasePort())) {
			startWorkers(2, proxiedJdbcUrl(database), env.sqsEndpoint(), SHIPPED);
			prepare();
			dispatchProbes(100, i -> Probe.of("o-long" + i, 0, 20_000).job());
			dispatchProbes(jobs - 100, i -> Probe.of("o" + i, 0, 100).job());
			await().atMost(Duration.ofMinutes(1)).until(() -> count("RUNNING") >= 20);

			database.cut();
			pace(LEASE.multipliedBy(3));
			database.restore();
			Instant restored = Instant.now();

			awaitFinal(jobs, Duration.ofMinutes(6));
			double recovery = Duration.between(restored, Instant.now()).toMillis() / 1000.0;
			boolean ok = report.figure(scenario, "workers still alive (no restart needed)",
					workers.stream().filter(WorkerProcess::alive).count(), 2)
					& report.atMost(scenario, "from restore to all jobs done", recovery, 240, "s")
					& converged(scenario, jobs, true, false);
			assertThat(ok).as(report.table()).isTrue();
		}
	}

	/**
	 * SIGTERM while handlers that ignore interrupts run longer than the grace: the worker
	 * may keep their leases until it exits, or exit, but never give a job back while its
	 * handler still runs.
	 */
	@Test
	@Order(16)
	void sigtermWithHandlersIgnoringInterruptsNeverReleasesARunningJob() {
		String scenario = "16 SIGTERM, handlers ignore interrupts";
		int jobs = 6;
		begin(2);
		dispatchProbes(jobs, i -> Probe.of("deaf" + i, 0, 90_000).ignoringInterrupts().job());
		await().atMost(Duration.ofMinutes(1)).until(() -> count("RUNNING") == jobs);
		WorkerProcess victim = awaitWorkerWithRunningJobs();
		long inFlight = jdbc().queryForObject(
				"SELECT COUNT(*) FROM fault_probe_runs WHERE worker = ? AND finished_at IS NULL", Long.class,
				victim.name());
		Instant sigterm = Instant.now();
		Duration shutdown = victim.terminate(GRACE.plusSeconds(90));
		killedAt.put(victim.name(), victim.endedAt());
		workers.add(WorkerProcess.start(victim.name() + "-restarted", env, env.jdbcUrl(), env.sqsEndpoint(), SHIPPED));

		awaitFinal(jobs, Duration.ofMinutes(6));
		// The worker may keep a handler that ignores its interrupt (and its lease) until
		// the handler returns; then it must go promptly.
		Instant lastReturn = runs().runs()
			.stream()
			.filter(r -> r.worker().equals(victim.name()) && r.ended())
			.map(ProbeRuns.Run::end)
			.max(Comparator.naturalOrder())
			.orElse(sigterm);
		Instant mayExit = Collections.max(List.of(lastReturn, sigterm.plus(GRACE)));
		double lateExit = Duration.between(mayExit, victim.endedAt()).toMillis() / 1000.0;
		boolean ok = report.atLeast(scenario, "jobs in flight at SIGTERM", inFlight, 1)
				& report.atMost(scenario, "exit after the later of the grace and the last handler's return", lateExit,
						25, "s")
				& report.figure(scenario, "exited without a kill", victim.exitValue() == 137 ? 0 : 1, 1)
				& converged(scenario, jobs, true, false);
		report.info(scenario, "SIGTERM to exit / exit code",
				String.format("%.1f s / %d", shutdown.toMillis() / 1000.0, victim.exitValue()));
		assertThat(ok).as(report.table()).isTrue();
	}

	/**
	 * Two workers whose clocks are 30 s apart (libfaketime on one process): leases, lock
	 * expiry, due times and relay cut-offs are compared on the database's clock, so the
	 * skew changes nothing.
	 */
	@Test
	@Order(17)
	void workersWithClocksThirtySecondsApartNeitherRunTwiceNorDeadLetter() {
		String scenario = "17 clocks 30 s apart";
		boolean faketime = Files.isReadable(LIBFAKETIME);
		report.figure(scenario, "libfaketime installed (apt-get install libfaketime)", faketime ? 1 : 0, 1);
		assertThat(faketime).as("libfaketime is needed to skew a worker's clock: " + LIBFAKETIME).isTrue();
		env = JobSuiteEnvironment.create();
		workers.add(WorkerProcess.start("w1", env, env.jdbcUrl(), env.sqsEndpoint(), SHIPPED).awaitStarted());
		WorkerProcess skewed = WorkerProcess
			.start("w2-plus30s", env, env.jdbcUrl(), env.sqsEndpoint(), SHIPPED,
					Map.of("LD_PRELOAD", LIBFAKETIME.toString(), "FAKETIME", "+30s", "FAKETIME_DONT_FAKE_MONOTONIC",
							"1", "NO_FAKE_STAT", "1"))
			.awaitStarted();
		workers.add(skewed);
		long skew = skewed.clockSkewSeconds();
		prepare();
		dispatchProbes(300, i -> Probe.of("sk" + i, 0, 200).failFirst(i % 5 == 0 ? 1 : 0).job());
		List<NewJob> keyed = new ArrayList<>();
		for (int n = 0; n < 5; n++) {
			for (int k = 0; k < 6; k++) {
				keyed.add(Probe.of("skey-" + k, n, 300).job().withoutOverlapping("skey-" + k));
			}
		}
		dispatcher.dispatchAll(keyed);
		dispatchGroups(10, 10, (g, n) -> Probe.of("sg-" + g, n, 100).failFirst(n % 4 == 0 ? 1 : 0).inGroup("sg-" + g));
		int jobs = 300 + 30 + 100;

		awaitFinal(jobs, Duration.ofMinutes(5));
		ProbeRuns runs = runs();
		long extraAttempts = countWhere("attempts <> 1 + JSON_VALUE(payload, '$.failAttempts')");
		long ranSkewed = runs.runs().stream().filter(r -> r.worker().equals(skewed.name())).count();
		boolean ok = report.atLeast(scenario, "skew of w2's clock, read from its log (s)", skew, 29)
				& report.atLeast(scenario, "runs on the skewed worker", ranSkewed, 1)
				& report.figure(scenario, "jobs with attempts beyond their planned failure", extraAttempts, 0)
				& report.figure(scenario, "overlapping runs of one overlap key",
						runs.overlapsAcrossJobsOfOneKey(r -> r.key().startsWith("skey-")), 0)
				& converged(scenario, jobs, true, true);
		assertThat(ok).as(report.table()).isTrue();
	}

	@Test
	@Order(18)
	void batchOfAThousandJobsInAThreeLevelDagUnderKillsRunsEachAfterItsDependenciesWithEachCallbackOnce() {
		String scenario = "18 batch: 1,000 jobs, 3-level DAG, kill -9 x2";
		int kills = 2;
		begin(3);
		NewBatch batch = BatchDag.of(100, 300, 600, key -> Probe.of(key, 0, 1_000).job())
			.onSuccess(FAULT_PROBE, Probe.of("cb-success", 0, 0).json())
			.onFailure(FAULT_PROBE, Probe.of("cb-failure", 0, 0).json())
			.onComplete(FAULT_PROBE, Probe.of("cb-complete", 0, 0).json());
		dispatcher.dispatchBatch(batch);

		int started = workers.size();
		for (int kill = 1; kill <= kills; kill++) {
			// Each kill waits for a level below the first to be running: the jobs it cuts
			// have dependents waiting.
			String level = "L" + (kill + 1) + "-%";
			await().atMost(Duration.ofMinutes(3))
				.until(() -> jdbc().queryForObject(
						"SELECT COUNT(*) FROM fault_probe_runs WHERE finished_at IS NULL AND probe_key LIKE ?",
						Integer.class, level) > 0);
			WorkerProcess victim = awaitWorkerWithRunningJobs();
			killedAt.put(victim.name(), victim.kill());
			workers.add(WorkerProcess.start("w" + (++started), env, env.jdbcUrl(), env.sqsEndpoint(), SHIPPED));
		}
		int jobs = 1_000 + 2;
		awaitFinal(jobs, Duration.ofMinutes(8));

		ProbeRuns runs = runs();
		boolean ok = report.figure(scenario, "kills of a worker with jobs running", killedAt.size(), kills)
				& report.figure(scenario, "runs started before a dependency's successful run ended",
						BatchDag.runsBeforeTheirDependencies(jdbc(), runs), 0)
				& report.figure(scenario, "jobs with more than one successful run",
						BatchDag.jobsSucceededMoreThanOnce(runs), 0)
				& report.figure(scenario, "success callback runs", BatchDag.callbackRuns(runs, "cb-success"), 1)
				& report.figure(scenario, "completion callback runs", BatchDag.callbackRuns(runs, "cb-complete"), 1)
				& report.figure(scenario, "failure callback runs", BatchDag.callbackRuns(runs, "cb-failure"), 0)
				& report.figure(scenario, "batch rows left pending",
						countOf("SELECT COUNT(*) FROM job_batches WHERE pending <> 0 OR finished_at IS NULL"), 0)
				& converged(scenario, jobs, true, false);
		report.info(scenario, "runs cut by a kill", Long.toString(runs.cut().size()));
		assertThat(ok).as(report.table()).isTrue();
	}

	private long countOf(String query) {
		return jdbc().queryForObject(query, Long.class);
	}

	/**
	 * The rows every scenario ends with. {@code allSucceed}: whether every job must end
	 * SUCCEEDED, or may also end FAILED once its attempts are spent.
	 */
	private boolean converged(String scenario, int jobs, boolean allSucceed, boolean fifo) {
		ProbeRuns runs = runs();
		long lost = allSucceed ? jobs - count("SUCCEEDED")
				: jobs - count("SUCCEEDED") - countWhere("status = 'FAILED' AND attempts >= max_attempts");
		boolean ok = report.figure(scenario,
				allSucceed ? "jobs lost (not SUCCEEDED)" : "jobs lost (neither SUCCEEDED nor out of attempts)", lost, 0)
				& report.figure(scenario, "jobs stuck active at the end",
						countWhere("status IN ('QUEUED', 'RUNNING', 'RETRYING')"), 0)
				& report.figure(scenario, "dead-lettered jobs with attempts left", deadLetteredWithAttemptsLeft(), 0);
		if (fifo) {
			// Order is promised within FIFO groups only (overlap keys share no order).
			Set<String> fifoJobs = new HashSet<>(
					jdbc().queryForList("SELECT id FROM jobs WHERE message_group IS NOT NULL", String.class));
			ProbeRuns groups = runs.only(run -> fifoJobs.contains(run.jobId()));
			ok &= report.figure(scenario, "order violations within groups", groups.orderViolations(), 0);
			groups.orderViolationKeys().stream().distinct().forEach(key -> printRunsOf("probe_key = ?", key));
		}
		return ok & report.figure(scenario, "concurrent double runs", runs.concurrentRunsOfOneJob(), 0);
	}

	/**
	 * Evidence for a failed row (the database is dropped when the suite ends): the runs,
	 * rows and attempt records of the jobs whose runs match {@code condition}.
	 */
	private void printRunsOf(String condition, Object argument) {
		System.out.println("Runs where " + condition + " [" + argument + "]:");
		jdbc()
			.queryForList("SELECT * FROM fault_probe_runs WHERE " + condition + " ORDER BY sequence, started_at",
					argument)
			.forEach(System.out::println);
		jdbc().queryForList("""
				SELECT id, status, attempts, max_attempts, lease_owner, lease_until, not_before, sent_at, recheck_at,
				       created_at, finished_at FROM jobs
				WHERE id IN (SELECT job_id FROM fault_probe_runs WHERE %s) ORDER BY id
				""".formatted(condition), argument).forEach(System.out::println);
		jdbc().queryForList("""
				SELECT * FROM job_attempts WHERE job_id IN (SELECT job_id FROM fault_probe_runs WHERE %s)
				ORDER BY job_id, attempt
				""".formatted(condition), argument).forEach(System.out::println);
	}

	/**
	 * Jobs on any dead-letter queue that are not FAILED with every attempt spent: the
	 * messages are drained (received with a long visibility) and their job ids read.
	 */
	private long deadLetteredWithAttemptsLeft() {
		Set<String> ids = new HashSet<>();
		for (QueueKind queue : QueueKind.values()) {
			for (Message message : drain(env.deadLetterUrl(queue))) {
				Matcher matcher = JOB_ID.matcher(message.body());
				while (matcher.find()) {
					ids.add(matcher.group());
				}
			}
		}
		return ids.stream()
			.filter(id -> jdbc().queryForObject(
					"SELECT COUNT(*) FROM jobs WHERE id = ? AND NOT (status = 'FAILED' AND attempts >= max_attempts)",
					Integer.class, id) > 0)
			.count();
	}

	private List<Message> drain(String queueUrl) {
		List<Message> all = new ArrayList<>();
		List<Message> received;
		do {
			received = env.sqs()
				.receiveMessage(r -> r.queueUrl(queueUrl)
					.maxNumberOfMessages(10)
					.messageAttributeNames("All")
					.visibilityTimeout(600))
				.messages();
			all.addAll(received);
		}
		while (!received.isEmpty());
		return all;
	}

	/**
	 * Jobs whose status does not follow from their runs: every run but the last FAILED,
	 * and the job SUCCEEDED when the last did, FAILED when it failed its last attempt;
	 * jobs that never ran count too.
	 */
	private long statusContradictingRuns(ProbeRuns runs, int jobs) {
		Map<String, Map<String, Object>> rows = new HashMap<>();
		jdbc().query("SELECT id, status, max_attempts FROM jobs", rs -> {
			rows.put(rs.getString("id"), Map.of("status", rs.getString("status"), "max", rs.getInt("max_attempts")));
		});
		List<String> contradicting = runs.byJob().entrySet().stream().filter(job -> {
			List<ProbeRuns.Run> sorted = job.getValue()
				.stream()
				.sorted(Comparator.comparing(ProbeRuns.Run::attempt))
				.toList();
			boolean succeeded = "SUCCEEDED".equals(sorted.get(sorted.size() - 1).outcome());
			boolean earlierAllFailed = sorted.subList(0, sorted.size() - 1)
				.stream()
				.allMatch(r -> "FAILED".equals(r.outcome()));
			Map<String, Object> row = rows.get(job.getKey());
			String expected = succeeded ? "SUCCEEDED" : sorted.size() == (Integer) row.get("max") ? "FAILED" : "?";
			return !earlierAllFailed || !expected.equals(row.get("status"));
		}).map(Map.Entry::getKey).toList();
		contradicting.forEach(id -> printRunsOf("job_id = ?", id));
		return contradicting.size() + (jobs - runs.byJob().size());
	}

	private long countOverlapsOfOverlapKey(ProbeRuns runs, String overlapKey) {
		Set<String> holders = new HashSet<>(
				jdbc().queryForList("SELECT id FROM jobs WHERE overlap_key = ?", String.class, overlapKey));
		return runs.overlapsAcrossJobs(r -> holders.contains(r.jobId()));
	}

	private void begin(int workerCount) {
		env = JobSuiteEnvironment.create();
		startWorkers(workerCount, env.jdbcUrl(), env.sqsEndpoint(), SHIPPED);
		prepare();
	}

	/** The probe's table (no production migration has it) and a dispatcher. */
	private void prepare() {
		ProbeRuns.createTable(jdbc());
		dispatcher = env.dispatcher();
	}

	private void startWorkers(int count, String jdbcUrl, String sqsEndpoint, Map<String, String> settings) {
		startWorkers(count, "w", jdbcUrl, sqsEndpoint, settings);
	}

	/** The first worker migrates the fresh database; the others start once it has. */
	private void startWorkers(int count, String prefix, String jdbcUrl, String sqsEndpoint,
			Map<String, String> settings) {
		workers.add(WorkerProcess.start(prefix + "1", env, jdbcUrl, sqsEndpoint, settings).awaitStarted());
		List<WorkerProcess> others = new ArrayList<>();
		for (int i = 2; i <= count; i++) {
			others.add(WorkerProcess.start(prefix + i, env, jdbcUrl, sqsEndpoint, settings));
		}
		others.forEach(WorkerProcess::awaitStarted);
		workers.addAll(others);
	}

	private String proxiedJdbcUrl(TcpProxy database) {
		return env.jdbcUrl().replaceFirst("//[^/]+/", "//127.0.0.1:" + database.port() + "/");
	}

	private WorkerProcess awaitWorkerWithRunningJobs() {
		return await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100)).until(() -> {
			Map<String, Integer> running = new HashMap<>();
			jdbc().query("SELECT worker, COUNT(*) AS n FROM fault_probe_runs WHERE finished_at IS NULL GROUP BY worker",
					rs -> {
						running.put(rs.getString("worker"), rs.getInt("n"));
					});
			return workers.stream()
				.filter(w -> w.alive() && w.started() && running.getOrDefault(w.name(), 0) > 0)
				.max(Comparator.comparing(w -> running.get(w.name())))
				.orElse(null);
		}, w -> w != null);
	}

	private List<UUID> dispatchProbes(int count, Function<Integer, NewJob> job) {
		List<UUID> ids = new ArrayList<>();
		for (int from = 0; from < count; from += 500) {
			List<NewJob> slice = new ArrayList<>();
			for (int i = from; i < Math.min(from + 500, count); i++) {
				slice.add(job.apply(i));
			}
			dispatcher.dispatchAll(slice).forEach(d -> ids.add(d.jobId()));
		}
		return ids;
	}

	/** Job n of every group, then job n + 1 of every group, and so on. */
	private void dispatchGroups(int groups, int perGroup, java.util.function.BiFunction<Integer, Integer, NewJob> job) {
		List<NewJob> jobs = new ArrayList<>();
		for (int n = 0; n < perGroup; n++) {
			for (int g = 0; g < groups; g++) {
				jobs.add(job.apply(g, n));
			}
		}
		for (int from = 0; from < jobs.size(); from += 500) {
			dispatcher.dispatchAll(jobs.subList(from, Math.min(from + 500, jobs.size())));
		}
	}

	/**
	 * Waits until every job has reached a final state (the rows then tell what did not),
	 * and until the runs' ends are written.
	 */
	private void awaitFinal(int expected, Duration within) {
		try {
			await().atMost(within)
				.pollInterval(Duration.ofSeconds(1))
				.until(() -> countWhere("status IN ('SUCCEEDED', 'FAILED', 'CANCELLED')") >= expected);
		}
		catch (ConditionTimeoutException ex) {
			// Where the jobs and the queue are, so that a timeout says where they stuck.
			System.out.println("Jobs by status: " + jdbc().queryForList(
					"SELECT status, COUNT(*) jobs, MAX(attempts) max_attempts, MIN(lease_until) lease_from, MAX(lease_until) lease_to, MIN(sent_at) sent, MIN(recheck_at) recheck FROM jobs GROUP BY status"));
			System.out.println("Standard queue: " + env.sqs()
				.getQueueAttributes(
						r -> r.queueUrl(env.queueUrl(QueueKind.STANDARD)).attributeNames(QueueAttributeName.ALL))
				.attributes());
		}
		Set<String> gone = killedAt.keySet();
		awaitQuietly(Duration.ofSeconds(30), () -> jdbc()
			.queryForList("SELECT DISTINCT worker FROM fault_probe_runs WHERE finished_at IS NULL", String.class)
			.stream()
			.allMatch(gone::contains));
	}

	private static void awaitQuietly(Duration within, java.util.concurrent.Callable<Boolean> condition) {
		try {
			await().atMost(within).pollInterval(Duration.ofMillis(500)).until(condition);
		}
		catch (ConditionTimeoutException ex) {
			// The rows that follow show what was not reached.
		}
	}

	private ProbeRuns runs() {
		return ProbeRuns.read(jdbc(), killedAt);
	}

	private long count(String status) {
		return jdbc().queryForObject("SELECT COUNT(*) FROM jobs WHERE status = ?", Long.class, status);
	}

	private long countWhere(String condition) {
		return jdbc().queryForObject("SELECT COUNT(*) FROM jobs WHERE " + condition, Long.class);
	}

	private JdbcTemplate jdbc() {
		return env.jdbc();
	}

	private void sendBatch(String queue, List<SendMessageBatchRequestEntry> entries) {
		if (!entries.isEmpty()) {
			var response = env.sqs().sendMessageBatch(r -> r.queueUrl(queue).entries(entries));
			assertThat(response.failed()).isEmpty();
			entries.clear();
		}
	}

	private static SendMessageBatchRequestEntry entry(List<SendMessageBatchRequestEntry> batch, String body) {
		return SendMessageBatchRequestEntry.builder().id(Integer.toString(batch.size() % 10)).messageBody(body).build();
	}

	private static String kindOf(String reason) {
		if (reason.startsWith("not JSON")) {
			return "not JSON";
		}
		if (reason.startsWith("unknown job type")) {
			return "unknown type";
		}
		if (reason.startsWith("missing or invalid job id")) {
			return "missing id";
		}
		if (reason.contains("exceeds")) {
			return "oversized";
		}
		return reason;
	}

	private int databasePort() {
		String hostPort = env.jdbcUrl().replaceFirst("^jdbc:mysql://", "").replaceFirst("/.*$", "");
		return hostPort.contains(":") ? Integer.parseInt(hostPort.substring(hostPort.indexOf(':') + 1)) : 3306;
	}

	/**
	 * Paces fault injection (a kill every few seconds, an outage of ten seconds): not a
	 * wait for a condition.
	 */
	private static void pace(Duration duration) {
		await().pollDelay(duration).atMost(duration.plusSeconds(5)).until(() -> true);
	}

	/** A fault-probe job's payload. */
	private record Probe(String key, int sequence, long workMillis, int failPercent, int failAttempts,
			int dbErrorAttempts, boolean ignoreInterrupts) {

		static Probe of(String key, int sequence, long workMillis) {
			return new Probe(key, sequence, workMillis, 0, 0, 0, false);
		}

		Probe failing(int percent) {
			return new Probe(key, sequence, workMillis, percent, failAttempts, dbErrorAttempts, ignoreInterrupts);
		}

		Probe failFirst(int attempts) {
			return new Probe(key, sequence, workMillis, failPercent, attempts, dbErrorAttempts, ignoreInterrupts);
		}

		Probe dbErrors(int attempts) {
			return new Probe(key, sequence, workMillis, failPercent, failAttempts, attempts, ignoreInterrupts);
		}

		Probe ignoringInterrupts() {
			return new Probe(key, sequence, workMillis, failPercent, failAttempts, dbErrorAttempts, true);
		}

		NewJob job() {
			return NewJob.of(FAULT_PROBE, json());
		}

		NewJob inGroup(String group) {
			return NewJob.ofGroup(FAULT_PROBE, group, json());
		}

		String json() {
			return "{\"key\":\"" + key + "\",\"sequence\":" + sequence + ",\"workMillis\":" + workMillis
					+ ",\"failPercent\":" + failPercent + ",\"failAttempts\":" + failAttempts + ",\"dbErrorAttempts\":"
					+ dbErrorAttempts + ",\"ignoreInterrupts\":" + ignoreInterrupts + "}";
		}

	}

}
