package io.jobsuite.api;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.jobsuite.api.admin.CanaryRedrives;
import io.jobsuite.api.counts.AttemptCounts;
import io.jobsuite.api.freshness.Freshness;
import io.jobsuite.api.queues.QueueStats;
import io.jobsuite.model.ClientSyncJobs;
import io.jobsuite.model.JobMessage;
import io.jobsuite.model.JobMessageCodec;
import io.jobsuite.model.JobTypes;
import io.jobsuite.model.NewBatch;
import io.jobsuite.model.NewJob;
import io.jobsuite.model.QueueKind;
import io.jobsuite.model.dispatch.Dispatched;
import io.jobsuite.model.dispatch.DispatchedBatch;
import io.jobsuite.model.dispatch.JobDispatcher;
import io.jobsuite.model.dispatch.OutboxRelay;
import io.jobsuite.model.dispatch.TimedSends;
import io.jobsuite.model.queue.DeadLetterAttributes;
import io.jobsuite.model.retention.Retention;
import io.jobsuite.model.retention.RetentionProperties;
import io.jobsuite.model.store.ClaimResult;
import io.jobsuite.model.store.ClaimedJob;
import io.jobsuite.model.store.Completion;
import io.jobsuite.model.store.Completion.AttemptError;
import io.jobsuite.model.store.JobClaims;
import io.jobsuite.model.store.JobLeases;
import io.jobsuite.model.store.JobProgress;
import io.jobsuite.model.store.JobTransitions;
import io.jobsuite.testsupport.JobHistory;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import io.jobsuite.testsupport.QueryPlans;
import io.jobsuite.testsupport.QueryPlans.Plan;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every statement the hot path (dispatch, claim, lease, complete, release, park, cancel,
 * Every statement the hot path (dispatch, claim, lease, complete, release, park, cancel,
 * cancel of a running job, retry, the relay, a batch's moves), retention, the attempt
 * counting and the admin (overview, queue statistics, job search with each filter, job
 * details, retries) run, recorded as they run against a table with a history, then
 * explained: none may read all of {@code jobs} or {@code job_attempts} (a full table
 * scan, or a full index scan with no LIMIT to stop it). There is no list of exceptions:
 * the overview's counts, which were one, now come from the active rows and the rolled-up
 * attempt counts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class QueryPlansIntegrationTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	static final QueryPlans plans = new QueryPlans();

	static final List<String> TABLES = List.of("jobs", "job_attempts", "clients", "job_batches", "batch_jobs",
			"job_dependencies");

	static final List<String> SMALL_TABLES = List.of("attempt_counts", "attempt_waits", "dead_letter_redrives",
			"dead_letter_fixes");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
		// Explained on their own, not at random moments of the test.
		registry.add("jobs.outbox.interval", () -> "1h");
		registry.add("jobs.queue-stats.poll-interval", () -> "1h");
		registry.add("jobs.attempt-counts.interval", () -> "1h");
		registry.add("jobs.freshness.poll-interval", () -> "1h");
		registry.add("jobs.dead-letters.canary.interval", () -> "1h");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class RecordStatements {

		@Bean
		static BeanPostProcessor recordingDataSource() {
			return plans.recordingDataSource();
		}

	}

	@LocalServerPort
	int port;

	@Autowired
	NamedParameterJdbcTemplate jdbc;

	@Autowired
	PlatformTransactionManager transactions;

	@Autowired
	JobDispatcher dispatcher;

	@Autowired
	JobTransitions transitions;

	@Autowired
	OutboxRelay relay;

	@Autowired
	TimedSends timedSends;

	@Autowired
	QueueStats queueStats;

	@Autowired
	RetentionProperties retention;

	@Autowired
	AttemptCounts attemptCounts;

	@Autowired
	Freshness freshness;

	@Autowired
	CanaryRedrives canaryRedrives;

	@Test
	void noQueryOfTheHotPathOrTheAdminReadsAllOfJobsOrAttempts() throws Exception {
		JobHistory history = JobHistory.of(env.jdbc());
		// Within the retention, so that the table keeps its size through the purge; and a
		// thousand due, so that the purge has work.
		history.finished("SUCCEEDED", 40_000, Duration.ofDays(6), Duration.ofHours(1));
		history.finished("FAILED", 2_000, Duration.ofDays(20), Duration.ofHours(1));
		history.finished("CANCELLED", 500, Duration.ofDays(6), Duration.ofHours(1));
		history.finished("SUCCEEDED", 1_000, Duration.ofDays(9), Duration.ofDays(8));
		long client = env.insertDueClients(1, "alice", null).get(0);
		// Clients enough for the freshness poll to sample rather than read them all.
		env.jdbc().update("""
				INSERT INTO clients (name, owner, source_url, sync_interval_minutes, next_due_at, last_synced_at)
				SELECT CONCAT('plans-', seq), 'bob', 'http://127.0.0.1:9/none', 60, UTC_TIMESTAMP(3) + INTERVAL 1 HOUR,
				       UTC_TIMESTAMP(3) - INTERVAL MOD(seq, 200) MINUTE
				FROM seq_1_to_20000
				""");
		for (int i = 0; i < 30; i++) {
			dispatcher.dispatchBatch(chain("history " + i, 40));
		}
		env.jdbc().execute("ANALYZE TABLE jobs, job_attempts, clients, job_batches, batch_jobs, job_dependencies");
		// Two hours of attempts to roll up, so that every statement of the counting runs.
		env.jdbc().update("UPDATE attempt_counts_mark SET counted_to = UTC_TIMESTAMP(3) - INTERVAL 2 HOUR");

		plans.recording(true);
		runTheHotPath(client);
		String batch = runABatch();
		new Retention(jdbc, transactions, retention, new SimpleMeterRegistry()).purgeDue();
		assertThat(attemptCounts.countFinished()).as("history attempts of the last two hours").isPositive();
		queueStats.poll();
		freshness.poll();
		useTheAdmin(client, batch);
		plans.recording(false);

		List<Plan> explained = plans.explain(env.dataSource(), TABLES.toArray(String[]::new));
		QueryPlans.print(explained, System.out::println);
		List<String> scans = new ArrayList<>();
		explained.stream()
			.filter(plan -> !plan.fullScans(TABLES).isEmpty())
			.forEach(plan -> scans.add(plan.sql().replaceAll("\\s+", " ") + " -> " + plan.fullScans(TABLES)));
		explained.stream()
			.filter(plan -> !plan.limitedFilteredScans(TABLES).isEmpty())
			.forEach(
					plan -> System.out.println("BOUNDED ONLY BY HOW COMMON MATCHES ARE (index order + filter + LIMIT): "
							+ plan.sql().replaceAll("\\s+", " ")));

		assertThat(explained).as("statements explained").hasSizeGreaterThan(30);
		assertThat(explained).as("the overview's and the counting's statements")
			.anyMatch(plan -> plan.sql().contains("FROM jobs WHERE status = ? ORDER BY created_at LIMIT ?"))
			.anyMatch(plan -> plan.sql().contains("FROM job_attempts a JOIN jobs j"))
			.anyMatch(plan -> plan.sql().contains("SELECT created_at FROM jobs WHERE created_at < ?"))
			.anyMatch(plan -> plan.sql().contains("FROM clients WHERE twice_stale_at <"))
			.anyMatch(plan -> plan.sql().contains("FROM clients WHERE id IN ("))
			.anyMatch(plan -> plan.sql().contains("FROM jobs WHERE active_group = ? AND id < ? ORDER BY id LIMIT 1"));
		assertThat(scans).as("statements that read all of jobs or job_attempts").isEmpty();

		// The roll-ups the charts read and the dead-letter operations' own tables: small,
		// but each statement still reads a range of a key, never all of a table.
		List<Plan> small = plans.explain(env.dataSource(), SMALL_TABLES.toArray(String[]::new));
		QueryPlans.print(small, System.out::println);
		assertThat(small).as("the charts' and the dead-letter operations' statements")
			.anyMatch(plan -> plan.sql().contains("FROM attempt_waits WHERE minute_start >= ?"))
			.anyMatch(plan -> plan.sql().contains("FROM dead_letter_redrives WHERE status IN"))
			.anyMatch(plan -> plan.sql().contains("FROM dead_letter_fixes WHERE queue = ?"));
		assertThat(small.stream().filter(plan -> !plan.fullScans(SMALL_TABLES).isEmpty()).map(Plan::sql))
			.as("statements that read all of a roll-up or a dead-letter table")
			.isEmpty();
	}

	private void runTheHotPath(long client) {
		JobClaims claims = new JobClaims(jdbc, transitions);
		JobLeases leases = new JobLeases(jdbc, transactions);
		List<UUID> plain = ids(dispatcher.dispatchAll(List.of(NewJob.of(JobTypes.NOOP, "{}").uniqueBy("plans-1"),
				NewJob.of(JobTypes.NOOP, "{}").uniqueBy("plans-2"), NewJob.of(JobTypes.NOOP, "{}"),
				NewJob.of(JobTypes.NOOP, "{}"), NewJob.of(JobTypes.NOOP, "{}"), NewJob.of(JobTypes.NOOP, "{}"))));
		dispatcher.dispatch(NewJob.of(JobTypes.NOOP, "{}").uniqueBy("plans-1"));
		dispatcher.dispatch(ClientSyncJobs.scheduled(client));
		dispatcher.dispatch(ClientSyncJobs.now(client));
		List<UUID> fifo = ids(dispatcher.dispatchAll(List.of(build(1), build(2), build(3))));
		// Delayed (the lead is two hours here): one the dispatch times, two a relay takes
		// (one it times, one it puts off until the lead), one a due dispatch brings
		// forward.
		Instant now = Instant.now();
		List<UUID> delayed = ids(
				dispatcher.dispatchAll(List.of(NewJob.of(JobTypes.NOOP, "{}").runAt(now.plusSeconds(2)),
						NewJob.of(JobTypes.NOOP, "{}").runAt(now.plus(Duration.ofDays(3))),
						NewJob.of(JobTypes.NOOP, "{}").runAt(now.plus(Duration.ofHours(2))))));
		dispatcher
			.dispatch(NewJob.of(JobTypes.NOOP, "{}").uniqueBy("plans-delayed").runAt(now.plus(Duration.ofDays(1))));
		dispatcher.dispatch(NewJob.of(JobTypes.NOOP, "{}").uniqueBy("plans-delayed"));

		List<ClaimedJob> won = won(claims.claim(plain.subList(0, 5), "plans#1", Duration.ofSeconds(30), false));
		List<ClaimedJob> fifoWon = won(claims.claim(fifo, "plans#2", Duration.ofSeconds(30), true));
		assertThat(won).hasSize(5);
		assertThat(fifoWon).hasSize(1);
		leases.extend(won, Duration.ofSeconds(30));
		new TransactionTemplate(transactions).execute(status -> leases.holds(won.get(0)));
		new JobProgress(jdbc).report(won.get(0), 0.5, "plans");
		AttemptError error = AttemptError.of(new IllegalStateException("plans"));
		transitions.complete(List.of(Completion.succeeded(won.get(0), Duration.ZERO, "{}"),
				Completion.retry(won.get(1), Duration.ZERO, Duration.ofSeconds(1), error),
				Completion.failed(won.get(2), Duration.ZERO, error)), false, Duration.ofMinutes(2), "plans");
		transitions.complete(List.of(Completion.succeeded(fifoWon.get(0), Duration.ZERO, "{}")), true,
				Duration.ofMinutes(2), "plans");
		transitions.release(won.get(3), Duration.ofSeconds(5), true, Duration.ofMinutes(2));
		transitions.release(won.get(4), Duration.ofSeconds(5), false, Duration.ofMinutes(2));
		transitions.park("plans-group", fifo.subList(1, 3), Duration.ofMinutes(2));
		transitions.cancel(plain.get(5), "plans");
		transitions.retryFailed(won.get(2).id(), 1, Duration.ZERO, Duration.ofMinutes(2));

		// A last attempt whose lease expires: the next claim records it abandoned and
		// fails the job. Two running jobs asked to cancel: the renewal reads the
		// requests, one ends CANCELLED, the other's lease expires and the next claim
		// cancels it.
		UUID last = dispatcher.dispatch(NewJob.of(JobTypes.NOOP, "{}").withMaxAttempts(1)).jobId();
		List<UUID> cancelling = ids(
				dispatcher.dispatchAll(List.of(NewJob.of(JobTypes.NOOP, "{}"), NewJob.of(JobTypes.NOOP, "{}"))));
		List<ClaimedJob> toCancel = won(claims.claim(cancelling, "plans#5", Duration.ofSeconds(2), false));
		toCancel.forEach(job -> transitions.requestCancel(job.id(), "plans"));
		assertThat(leases.extend(toCancel, Duration.ofSeconds(2)).cancelRequested()).hasSize(2);
		transitions.complete(List.of(Completion.cancelled(toCancel.get(0), Duration.ZERO)), false,
				Duration.ofMinutes(2), "plans");
		claims.claim(List.of(last), "plans#3", Duration.ofMillis(1), false);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> env.jdbc()
				.queryForObject("SELECT MIN(lease_until < UTC_TIMESTAMP(3)) FROM jobs WHERE id IN (?, ?)",
						Boolean.class, last.toString(), toCancel.get(1).id().toString()));
		claims.claim(List.of(last, toCancel.get(1).id()), "plans#4", Duration.ofSeconds(30), false);
		assertThat(env.jdbc()
			.queryForList("SELECT status FROM jobs WHERE id IN (?, ?)", String.class, cancelling.get(0).toString(),
					cancelling.get(1).toString()))
			.containsOnly("CANCELLED");

		// The relay: every active job due now.
		env.jdbc()
			.update("UPDATE jobs SET recheck_at = UTC_TIMESTAMP(3) - INTERVAL 1 MINUTE"
					+ " WHERE status IN ('QUEUED', 'RUNNING', 'RETRYING')");
		env.jdbc()
			.update("UPDATE jobs SET not_before = UTC_TIMESTAMP(3) + INTERVAL 5 SECOND WHERE id = ?",
					delayed.get(2).toString());
		relay.relayPending();
		relay.sendNow(List.of(won.get(2).id()));
		// A stopping service hands the sends it still times back to the relay.
		dispatcher.dispatch(NewJob.of(JobTypes.NOOP, "{}").runAt(Instant.now().plusSeconds(5)));
		timedSends.close();
	}

	/**
	 * A batch's moves: a root that succeeds (its dependent becomes due), one that fails
	 * for good (its dependents are cancelled and the batch ends, firing its callbacks), a
	 * retry (the batch reopens and its dependents are re-armed), and an ops cancel of a
	 * waiting job.
	 */
	private String runABatch() {
		JobClaims claims = new JobClaims(jdbc, transitions);
		DispatchedBatch batch = dispatcher.dispatchBatch(NewBatch.named("plans")
			.add("a", NewJob.of(JobTypes.NOOP, "{}"))
			.add("b", NewJob.of(JobTypes.NOOP, "{}").withMaxAttempts(1))
			.add("c", NewJob.of(JobTypes.NOOP, "{}"), "a")
			.add("d", NewJob.of(JobTypes.NOOP, "{}"), "b")
			.add("e", NewJob.of(JobTypes.NOOP, "{}"), "d")
			.add("f", NewJob.of(JobTypes.NOOP, "{}"), "c", "d")
			.onSuccess(JobTypes.NOOP, "{}")
			.onFailure(JobTypes.NOOP, "{}")
			.onComplete(JobTypes.NOOP, "{}"));
		List<ClaimedJob> roots = won(
				claims.claim(List.of(batch.jobId("a"), batch.jobId("b")), "plans#5", Duration.ofSeconds(30), false));
		AttemptError error = AttemptError.of(new IllegalStateException("plans"));
		ClaimedJob a = roots.stream().filter(job -> job.id().equals(batch.jobId("a"))).findFirst().orElseThrow();
		ClaimedJob b = roots.stream().filter(job -> job.id().equals(batch.jobId("b"))).findFirst().orElseThrow();
		transitions.complete(
				List.of(Completion.succeeded(a, Duration.ZERO, "{}"), Completion.failed(b, Duration.ZERO, error)),
				false, Duration.ofMinutes(2), "plans");
		transitions.cancel(batch.jobId("c"), "plans");
		assertThat(env.jdbc()
			.queryForObject(
					"SELECT COUNT(*) FROM job_batches WHERE id = ? AND failure_job_id IS NOT NULL"
							+ " AND complete_job_id IS NOT NULL AND pending = 0",
					Integer.class, batch.batchId().toString()))
			.as("the batch ended and fired its failure and completion callbacks")
			.isOne();
		transitions.retryFailed(batch.jobId("b"), 1, Duration.ZERO, Duration.ofMinutes(2));
		assertThat(env.jdbc()
			.queryForList("SELECT status FROM jobs WHERE id IN (?, ?)", String.class, batch.jobId("d").toString(),
					batch.jobId("e").toString()))
			.as("re-armed")
			.containsOnly("QUEUED");
		return batch.batchId().toString();
	}

	private static NewBatch chain(String name, int length) {
		NewBatch batch = NewBatch.named(name).add("j0", NewJob.of(JobTypes.NOOP, "{}"));
		for (int i = 1; i < length; i++) {
			batch = batch.add("j" + i, NewJob.of(JobTypes.NOOP, "{}"), "j" + (i - 1));
		}
		return batch;
	}

	private void useTheAdmin(long client, String batch) throws Exception {
		ApiCalls api = new ApiCalls(port);
		String someJob = env.jdbc().queryForObject("SELECT MAX(id) FROM jobs WHERE status = 'FAILED'", String.class);
		LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
		DateTimeFormatter iso = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
		List<String> searches = List.of("", "status=FAILED", "type=noop", "queue=STANDARD", "clientId=" + client,
				"error=" + URLEncoder.encode("history failure 12", StandardCharsets.UTF_8),
				"status=FAILED&type=noop&page=3");
		// A FIFO job behind its group's head: its details say why it waits.
		String waitingJob = env.jdbc()
			.queryForObject("SELECT MAX(id) FROM jobs WHERE status = 'QUEUED' AND message_group IS NOT NULL",
					String.class);
		List<String> paths = new ArrayList<>(List.of("/admin", "/admin/jobs/" + someJob, "/api/jobs/" + someJob,
				"/api/jobs/" + waitingJob, "/admin/batches/" + batch, "/api/batches/" + batch,
				"/admin/dead-letters?queue=STANDARD", "/admin/recurring", "/api/admin/recurring",
				"/admin/jobs?from=" + iso.format(now.minusDays(2)) + "&to=" + iso.format(now.minusDays(1)),
				"/api/admin/jobs?from=" + iso.format(now.minusDays(2)) + "Z&to=" + iso.format(now.minusDays(1)) + "Z"));
		for (String search : searches) {
			paths.add("/admin/jobs?" + search);
			paths.add("/api/admin/jobs?" + search);
		}
		for (String path : paths) {
			HttpResponse<String> response = api.get("ops", path);
			assertThat(response.statusCode()).as(path).isEqualTo(200);
		}
		assertThat(api.post("ops", "/api/jobs/" + someJob + "/cancel", null).statusCode())
			.as("cancel of a finished job")
			.isEqualTo(409);
		// The example order workflow: an order placed as a batch, then read with its
		// tasks.
		env.jdbc()
			.update("INSERT INTO stock (sku, name, available, unit_price_cents) VALUES ('PLANS', 'Plans', 5, 100)");
		HttpResponse<String> order = api.post("ops", "/api/orders",
				"{\"clientId\":" + client + ",\"email\":\"plans@example.com\",\"sku\":\"PLANS\",\"quantity\":1}");
		assertThat(order.statusCode()).isEqualTo(202);
		assertThat(api.get("ops", "/api/orders/" + ApiCalls.json(order).get("orderId").asLong()).statusCode())
			.isEqualTo(200);
		useTheDeadLetters(api);
		assertThat(api.post("ops", "/api/admin/jobs/" + someJob + "/retry", null).statusCode()).isEqualTo(200);
		assertThat(api.post("ops", "/api/admin/recurring/table-statistics/run", null).statusCode()).isEqualTo(200);
		assertThat(
				api.post("ops", "/api/admin/jobs/retry?status=FAILED&error=history%20failure%2013", null).statusCode())
			.isEqualTo(200);
	}

	/**
	 * A poison group (fixed, canaried with nothing to try, purged) and a failed job's
	 * group, whose canary waits.
	 */
	private void useTheDeadLetters(ApiCalls api) throws Exception {
		String dlq = env.deadLetterUrl(QueueKind.STANDARD);
		env.sqs().sendMessage(r -> r.queueUrl(dlq).messageBody("not a job"));
		String failed = env.jdbc().queryForObject("SELECT MIN(id) FROM jobs WHERE status = 'FAILED'", String.class);
		env.sqs()
			.sendMessage(r -> r.queueUrl(dlq)
				.messageBody(new JobMessageCodec(JsonMapper.builder().build())
					.write(JobMessage.of(UUID.fromString(failed), JobTypes.NOOP.name(), null)))
				.messageAttributes(Map.of(DeadLetterAttributes.REASON,
						MessageAttributeValue.builder().dataType("String").stringValue("plans failure").build())));
		List<String> groups = new ArrayList<>();
		ApiCalls.json(api.get("ops", "/api/admin/dead-letters/STANDARD"))
			.forEach(group -> groups.add(group.get("id").asString()));
		assertThat(groups).hasSize(2);
		for (String group : groups) {
			String path = "/api/admin/dead-letters/STANDARD/groups/" + group;
			assertThat(api.post("ops", path + "/fixed", null).statusCode()).isEqualTo(200);
			assertThat(api.post("ops", path + "/canary-redrive", null).statusCode()).isEqualTo(202);
		}
		canaryRedrives.advance();
		for (String path : List.of("/admin/live", "/admin/dead-letters?queue=STANDARD",
				"/api/admin/dead-letters/STANDARD/redrives")) {
			assertThat(api.get("ops", path).statusCode()).as(path).isEqualTo(200);
		}
		// The poison is left: its canary had nothing to try.
		String poison = ApiCalls.json(api.get("ops", "/api/admin/dead-letters/STANDARD")).get(0).get("id").asString();
		HttpResponse<String> purged = api.post("ops",
				"/api/admin/dead-letters/STANDARD/groups/" + poison + "/purge?confirm=" + poison, null);
		assertThat(purged.statusCode()).isEqualTo(200);
	}

	private static NewJob build(int number) {
		return NewJob.ofGroup(JobTypes.PROJECT_BUILD, "plans-group", "{\"buildNumber\":" + number + "}");
	}

	private static List<UUID> ids(List<Dispatched> dispatched) {
		return dispatched.stream().map(Dispatched::jobId).toList();
	}

	private static List<ClaimedJob> won(Map<UUID, ClaimResult> results) {
		List<ClaimedJob> won = new ArrayList<>();
		results.values().forEach(result -> {
			if (result instanceof ClaimResult.Won claimed) {
				won.add(claimed.job());
			}
		});
		won.sort((a, b) -> a.id().compareTo(b.id()));
		return won;
	}

}
