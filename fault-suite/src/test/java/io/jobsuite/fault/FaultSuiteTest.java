package io.jobsuite.fault;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.jobsuite.model.JobMessage;
import io.jobsuite.model.JobMessageCodec;
import io.jobsuite.model.JobTypes;
import io.jobsuite.model.NewJob;
import io.jobsuite.model.QueueKind;
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
 * ElasticMQ queues per scenario, faults injected for real (kill -9, SIGTERM, TCP cuts,
 * duplicate and malformed messages), and every figure both asserted and written to the
 * report table printed at the end.
 */
@Tag("fault")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteTest {

	private static final FaultReport report = new FaultReport();

	private static final JobMessageCodec codec = new JobMessageCodec(JsonMapper.builder().build());

	private static final Instant suiteStart = Instant.now();

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
		Map<String, String> settings = settings("4s", 10);
		begin(3, settings);
		dispatchProbes(jobs, i -> probe("k" + i, 0, 1_500, 0));

		int started = workers.size();
		int killedMidJob = 0;
		for (int kill = 1; kill <= kills; kill++) {
			pace(Duration.ofMillis(2_500));
			// One started worker always survives a kill, so that the load goes on while
			// replacements start.
			await().atMost(Duration.ofMinutes(2))
				.until(() -> workers.stream().filter(w -> w.alive() && w.started()).count() >= 2);
			WorkerProcess victim = awaitWorkerWithRunningJobs();
			killedAt.put(victim.name(), victim.kill());
			killedMidJob++;
			workers.add(WorkerProcess.start("w" + (++started), env, env.jdbcUrl(), env.sqsEndpoint(), settings));
		}
		awaitAll("SUCCEEDED", jobs, Duration.ofMinutes(4));

		ProbeRuns runs = ProbeRuns.read(jdbc(), killedAt);
		long cut = runs.cut().size();
		long cutRecorded = runs.cut()
			.stream()
			.filter(run -> jdbc().queryForObject(
					"SELECT COUNT(*) FROM job_attempts WHERE job_id = ? AND attempt = ? AND outcome = 'LEASE_EXPIRED'",
					Integer.class, run.jobId(), run.attempt()) == 1)
			.count();
		boolean ok = report.figure(scenario, "kills of a worker with jobs running", killedMidJob, kills)
				& report.figure(scenario, "jobs lost (not SUCCEEDED)", jobs - count("SUCCEEDED"), 0)
				& report.figure(scenario, "concurrent double runs", runs.concurrentRunsOfOneJob(), 0)
				& report.atLeast(scenario, "runs cut by a kill", cut, kills)
				& report.figure(scenario, "cut runs recorded as LEASE_EXPIRED attempts", cutRecorded, cut);
		report.info(scenario, "jobs re-run after a kill (at least once)",
				Long.toString(runs.byJob().values().stream().filter(list -> list.size() > 1).count()));
		assertThat(ok).as(report.table()).isTrue();
	}

	@Test
	@Order(2)
	void messagesDeliveredFiveTimesRunTheirJobOnce() {
		String scenario = "2 1,000 messages x5";
		int jobs = 1_000;
		begin(2, settings("10s", 10));
		List<UUID> ids = dispatchProbes(jobs, i -> probe("d" + i, 0, 20, 0));
		String queue = env.queueUrl(QueueKind.STANDARD);
		List<SendMessageBatchRequestEntry> copies = new ArrayList<>();
		for (UUID id : ids) {
			for (int copy = 2; copy <= 5; copy++) {
				copies.add(SendMessageBatchRequestEntry.builder()
					.id(Integer.toString(copies.size() % 10))
					.messageBody(codec.write(JobMessage.of(id, JobTypes.FAULT_PROBE.name(), null)))
					.build());
				if (copies.size() == 10) {
					sendBatch(queue, copies);
				}
			}
		}
		sendBatch(queue, copies);

		awaitAll("SUCCEEDED", jobs, Duration.ofMinutes(3));
		await().atMost(Duration.ofMinutes(2)).until(() -> env.messagesOn(queue) == 0);
		ProbeRuns runs = ProbeRuns.read(jdbc(), killedAt);
		boolean ok = report.figure(scenario, "messages delivered", jobs * 5L, jobs * 5L)
				& report.figure(scenario, "double executions",
						runs.byJob().values().stream().filter(r -> r.size() > 1).count(), 0)
				& report.figure(scenario, "jobs with more than one attempt", countWhere("attempts > 1"), 0)
				& report.figure(scenario, "jobs lost (not SUCCEEDED)", jobs - count("SUCCEEDED"), 0);
		assertThat(ok).as(report.table()).isTrue();
	}

	@Test
	@Order(3)
	void databaseCutForTenSecondsLosesNothingAndRecoversByItself() {
		String scenario = "3 DB cut 10 s";
		int jobs = 1_500;
		env = JobSuiteEnvironment.create();
		try (TcpProxy database = TcpProxy.to("127.0.0.1", databasePort())) {
			String proxied = env.jdbcUrl().replaceFirst("//[^/]+/", "//127.0.0.1:" + database.port() + "/");
			Map<String, String> settings = settings("5s", 10);
			startWorkers(2, proxied, env.sqsEndpoint(), settings);
			dispatcher = env.dispatcher();
			dispatchProbes(jobs, i -> probe("c" + i, 0, 100, 0).withMaxAttempts(10));
			await().atMost(Duration.ofMinutes(1)).until(() -> count("SUCCEEDED") >= 300);

			database.cut();
			pace(Duration.ofSeconds(10));
			database.restore();
			Instant restored = Instant.now();

			awaitAll("SUCCEEDED", jobs, Duration.ofMinutes(4));
			double recovery = Duration.between(restored, Instant.now()).toMillis() / 1000.0;
			boolean ok = report.figure(scenario, "jobs lost (not SUCCEEDED)", jobs - count("SUCCEEDED"), 0)
					& report.figure(scenario, "jobs RUNNING after leases expired",
							countWhere("status = 'RUNNING' AND lease_until < UTC_TIMESTAMP(3)"), 0)
					& report.figure(scenario, "workers still alive (no restart needed)",
							workers.stream().filter(WorkerProcess::alive).count(), 2)
					& report.atMost(scenario, "from restore to all jobs done", recovery, 180, "s");
			report.info(scenario, "concurrent double runs",
					Long.toString(ProbeRuns.read(jdbc(), killedAt).concurrentRunsOfOneJob()));
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
			startWorkers(2, env.jdbcUrl(), "http://127.0.0.1:" + sqs.port(), settings("5s", 10));
			dispatcher = env.dispatcher();
			dispatchProbes(jobs, i -> probe("s" + i, 0, 100, 0).withMaxAttempts(10));
			await().atMost(Duration.ofMinutes(1)).until(() -> count("SUCCEEDED") >= 300);

			sqs.cut();
			pace(Duration.ofSeconds(10));
			sqs.restore();
			Instant restored = Instant.now();

			awaitAll("SUCCEEDED", jobs, Duration.ofMinutes(4));
			String queue = env.queueUrl(QueueKind.STANDARD);
			await().atMost(Duration.ofMinutes(2)).until(() -> env.messagesOn(queue) == 0);
			double recovery = Duration.between(restored, Instant.now()).toMillis() / 1000.0;
			boolean ok = report.figure(scenario, "jobs lost (not SUCCEEDED)", jobs - count("SUCCEEDED"), 0)
					& report.figure(scenario, "messages left on the queue", env.messagesOn(queue), 0)
					& report.figure(scenario, "workers still alive (no restart needed)",
							workers.stream().filter(WorkerProcess::alive).count(), 2)
					& report.atMost(scenario, "from restore to all jobs done", recovery, 180, "s");
			assertThat(ok).as(report.table()).isTrue();
		}
	}

	@Test
	@Order(5)
	void malformedMessagesAllReachTheDeadLetterQueueWithTheirReasonAndGoodOnesSucceed() {
		String scenario = "5 500 malformed + 500 good";
		int perKind = 125;
		int good = 500;
		begin(2, settings("10s", 10));
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
			goodIds.addAll(dispatchProbes(good / 5, i -> probe("g" + i, 0, 0, 0)));
		}

		awaitAll("SUCCEEDED", good, Duration.ofMinutes(3));
		String deadLetters = env.deadLetterUrl(QueueKind.STANDARD);
		await().atMost(Duration.ofMinutes(2)).until(() -> env.messagesOn(deadLetters) >= bad.size());
		Map<String, Long> reasons = new HashMap<>();
		long withSourceId = 0;
		long goodOnDeadLetters = 0;
		List<Message> received;
		do {
			received = env.sqs()
				.receiveMessage(r -> r.queueUrl(deadLetters)
					.maxNumberOfMessages(10)
					.messageAttributeNames("All")
					.visibilityTimeout(600))
				.messages();
			for (Message message : received) {
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
		}
		while (!received.isEmpty());
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
				& report.figure(scenario, "good jobs SUCCEEDED", count("SUCCEEDED"), good)
				& report.figure(scenario, "good jobs on the DLQ", goodOnDeadLetters, 0)
				& report.figure(scenario, "workers alive (listeners never stopped)",
						workers.stream().filter(WorkerProcess::alive).count(), 2);
		assertThat(ok).as(report.table()).isTrue();
	}

	@Test
	@Order(6)
	void jobsSharingAnOverlapKeyNeverOverlapAcrossThreeProcessesAndWaitingConsumesNoAttempt() {
		String scenario = "6 overlap keys, 3 processes";
		int keys = 6;
		int perKey = 10;
		begin(3, settings("10s", 10));
		List<NewJob> jobs = new ArrayList<>();
		for (int n = 0; n < perKey; n++) {
			for (int k = 0; k < keys; k++) {
				jobs.add(probe("key-" + k, n, 300, 0).withoutOverlapping("key-" + k));
			}
		}
		dispatcher.dispatchAll(jobs);

		awaitAll("SUCCEEDED", keys * perKey, Duration.ofMinutes(3));
		ProbeRuns runs = ProbeRuns.read(jdbc(), killedAt);
		long workersUsed = runs.runs().stream().map(ProbeRuns.Run::worker).distinct().count();
		boolean ok = report.figure(scenario, "overlapping runs of one key", runs.overlapsAcrossJobsOfOneKey(), 0)
				& report.figure(scenario, "attempts consumed by waiting (jobs with attempts > 1)",
						countWhere("attempts > 1"), 0)
				& report.figure(scenario, "jobs SUCCEEDED", count("SUCCEEDED"), keys * perKey)
				& report.figure(scenario, "locks left behind",
						jdbc().queryForObject("SELECT COUNT(*) FROM job_locks", Integer.class), 0)
				& report.figure(scenario, "worker processes that ran jobs", workersUsed, 3);
		assertThat(ok).as(report.table()).isTrue();
	}

	@Test
	@Order(7)
	void fifoGroupsKeepTheirOrderThroughRandomFailuresWithFourConsumersInTwoProcesses() {
		String scenario = "7 FIFO 50x40, 10% failing";
		int groups = 50;
		int perGroup = 40;
		Map<String, String> settings = settings("10s", 4);
		settings.put("jobs.worker.fifo.concurrency", "2");
		settings.put("jobs.worker.fifo.batch-size", "1");
		begin(2, settings);
		List<NewJob> jobs = new ArrayList<>();
		for (int n = 0; n < perGroup; n++) {
			for (int g = 0; g < groups; g++) {
				jobs.add(NewJob.ofGroup(JobTypes.FAULT_PROBE, "group-" + g, payload("group-" + g, n, 0, 10)));
			}
		}
		for (int from = 0; from < jobs.size(); from += 500) {
			dispatcher.dispatchAll(jobs.subList(from, Math.min(from + 500, jobs.size())));
		}

		await().atMost(Duration.ofMinutes(5))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> countWhere("status IN ('SUCCEEDED', 'FAILED')") == groups * perGroup);
		ProbeRuns runs = ProbeRuns.read(jdbc(), killedAt);
		Map<String, String> statuses = jdbc().query("SELECT id, status FROM jobs", rs -> {
			Map<String, String> map = new HashMap<>();
			while (rs.next()) {
				map.put(rs.getString("id"), rs.getString("status"));
			}
			return map;
		});
		long mismatched = runs.byJob().entrySet().stream().filter(job -> {
			List<ProbeRuns.Run> sorted = job.getValue()
				.stream()
				.sorted(java.util.Comparator.comparing(ProbeRuns.Run::attempt))
				.toList();
			boolean succeeded = "SUCCEEDED".equals(sorted.get(sorted.size() - 1).outcome());
			boolean earlierAllFailed = sorted.subList(0, sorted.size() - 1)
				.stream()
				.allMatch(r -> "FAILED".equals(r.outcome()));
			String expected = succeeded ? "SUCCEEDED"
					: sorted.size() == JobTypes.FAULT_PROBE.maxAttempts() ? "FAILED" : "?";
			return !earlierAllFailed || !expected.equals(statuses.get(job.getKey()));
		}).count() + (groups * perGroup - runs.byJob().size());
		long failedAttempts = runs.runs().stream().filter(r -> "FAILED".equals(r.outcome())).count();
		boolean ok = report.figure(scenario, "order violations within groups", runs.orderViolations(), 0)
				& report.figure(scenario, "jobs whose status contradicts their attempts", mismatched, 0)
				& report.figure(scenario, "jobs still active", countWhere("status NOT IN ('SUCCEEDED', 'FAILED')"), 0);
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
		Duration lease = Duration.ofSeconds(10);
		Duration grace = Duration.ofSeconds(3);
		Map<String, String> settings = settings(lease.toSeconds() + "s", 20);
		settings.put("jobs.worker.shutdown-grace", grace.toSeconds() + "s");
		begin(3, settings);
		// Short jobs first, then a tail of 2 s jobs (they finish within the grace) and 8
		// s jobs (they do not).
		dispatchProbes(shortJobs, i -> probe("t" + i, 0, 200, 0));
		dispatchProbes(tailJobs, i -> probe("tail" + i, 0, i % 2 == 0 ? 8_000 : 2_000, 0));
		// SIGTERM once the backlog is gone: a standard queue on ElasticMQ hands out
		// messages oldest first,
		// so a released message would otherwise queue behind the backlog, which says
		// nothing of the release.
		await().atMost(Duration.ofMinutes(2)).until(() -> count("QUEUED") == 0);

		WorkerProcess victim = awaitWorkerWithRunningJobs();
		List<String> inFlight = jdbc().queryForList(
				"SELECT job_id FROM fault_probe_runs WHERE worker = ? AND finished_at IS NULL", String.class,
				victim.name());
		Duration shutdown = victim.terminate(Duration.ofSeconds(60));
		workers.add(WorkerProcess.start(victim.name() + "-restarted", env, env.jdbcUrl(), env.sqsEndpoint(), settings));
		awaitAll("SUCCEEDED", jobs, Duration.ofMinutes(4));

		ProbeRuns runs = ProbeRuns.read(jdbc(), killedAt);
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
				.min(java.util.Comparator.naturalOrder())
				.orElse(Instant.MAX);
			return !next.isBefore(r.end().plus(lease));
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
				& report.figure(scenario, "in-flight jobs neither finished nor released",
						inFlight.size() - finished - released.size(), 0)
				& report.figure(scenario, "jobs lost (not SUCCEEDED)", jobs - count("SUCCEEDED"), 0)
				& report.figure(scenario, "released jobs not taken over within the lease (10 s)", lateTakeovers, 0)
				& report.figure(scenario, "released jobs whose attempt was counted", attemptsCountedForReleased, 0)
				& report.figure(scenario, "concurrent double runs", runs.concurrentRunsOfOneJob(), 0)
				& report.atMost(scenario, "SIGTERM to exit (grace 3 s)", shutdown.toMillis() / 1000.0, 25, "s")
				& report.figure(scenario, "exit code",
						victim.exitValue() == 143 || victim.exitValue() == 0 ? 0 : victim.exitValue(), 0);
		report.info(scenario, "in flight at SIGTERM: finished / released", finished + " / " + released.size());
		assertThat(ok).as(report.table()).isTrue();
	}

	@Test
	@Order(9)
	void handlerRunningPastTheVisibilityTimeoutIsNeverRunTwiceAtOnce() {
		String scenario = "9 10 s jobs, 3 s lease";
		int jobs = 20;
		begin(2, settings("3s", 10));
		dispatchProbes(jobs, i -> probe("long" + i, 0, 10_000, 0));

		awaitAll("SUCCEEDED", jobs, Duration.ofMinutes(2));
		ProbeRuns runs = ProbeRuns.read(jdbc(), killedAt);
		boolean ok = report.figure(scenario, "concurrent double runs", runs.concurrentRunsOfOneJob(), 0)
				& report.figure(scenario, "runs per job above 1", runs.runs().size() - jobs, 0)
				& report.figure(scenario, "attempts recorded as LEASE_EXPIRED",
						jdbc().queryForObject("SELECT COUNT(*) FROM job_attempts WHERE outcome = 'LEASE_EXPIRED'",
								Integer.class),
						0)
				& report.figure(scenario, "jobs lost (not SUCCEEDED)", jobs - count("SUCCEEDED"), 0);
		assertThat(ok).as(report.table()).isTrue();
	}

	private void begin(int workerCount, Map<String, String> settings) {
		env = JobSuiteEnvironment.create();
		startWorkers(workerCount, env.jdbcUrl(), env.sqsEndpoint(), settings);
		dispatcher = env.dispatcher();
	}

	/** The first worker migrates the fresh database; the others start once it has. */
	private void startWorkers(int count, String jdbcUrl, String sqsEndpoint, Map<String, String> settings) {
		workers.add(WorkerProcess.start("w1", env, jdbcUrl, sqsEndpoint, settings).awaitStarted());
		List<WorkerProcess> others = new ArrayList<>();
		for (int i = 2; i <= count; i++) {
			others.add(WorkerProcess.start("w" + i, env, jdbcUrl, sqsEndpoint, settings));
		}
		others.forEach(WorkerProcess::awaitStarted);
		workers.addAll(others);
	}

	private static Map<String, String> settings(String lease, int standardConcurrency) {
		Map<String, String> settings = new HashMap<>();
		settings.put("jobs.worker.lease", lease);
		settings.put("jobs.worker.busy-recheck", "1s");
		settings.put("jobs.worker.lock-recheck", "1s");
		settings.put("jobs.worker.standard.concurrency", Integer.toString(standardConcurrency));
		settings.put("jobs.worker.express.concurrency", "2");
		settings.put("jobs.worker.fifo.concurrency", "2");
		return settings;
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
				.max(java.util.Comparator.comparing(w -> running.get(w.name())))
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

	private static NewJob probe(String key, int sequence, long workMillis, int failPercent) {
		return NewJob.of(JobTypes.FAULT_PROBE, payload(key, sequence, workMillis, failPercent));
	}

	private static String payload(String key, int sequence, long workMillis, int failPercent) {
		return "{\"key\":\"" + key + "\",\"sequence\":" + sequence + ",\"workMillis\":" + workMillis
				+ ",\"failPercent\":" + failPercent + "}";
	}

	private void awaitAll(String status, int expected, Duration within) {
		try {
			await().atMost(within).pollInterval(Duration.ofSeconds(1)).until(() -> count(status) == expected);
		}
		catch (ConditionTimeoutException ex) {
			// What the jobs and the queue look like, so that a timeout says where the
			// jobs are.
			System.out.println("Jobs by status: " + jdbc().queryForList(
					"SELECT status, COUNT(*) jobs, MAX(attempts) max_attempts, MIN(lease_until) lease_from, MAX(lease_until) lease_to, MIN(sent_at) sent FROM jobs GROUP BY status"));
			System.out.println("Standard queue: " + env.sqs()
				.getQueueAttributes(
						r -> r.queueUrl(env.queueUrl(QueueKind.STANDARD)).attributeNames(QueueAttributeName.ALL))
				.attributes());
			throw ex;
		}
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

}
