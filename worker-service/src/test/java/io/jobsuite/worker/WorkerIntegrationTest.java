package io.jobsuite.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.awspring.cloud.sqs.listener.MessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import io.jobsuite.model.ClientSyncJobs;
import io.jobsuite.model.JobMessage;
import io.jobsuite.model.JobMessageCodec;
import io.jobsuite.model.JobMessageCodec.Decoded;
import io.jobsuite.model.JobType;
import io.jobsuite.model.JobTypes;
import io.jobsuite.model.NewJob;
import io.jobsuite.model.QueueKind;
import io.jobsuite.model.dispatch.Dispatched;
import io.jobsuite.model.dispatch.JobDispatcher;
import io.jobsuite.model.queue.DeadLetterAttributes;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import io.jobsuite.worker.handler.JobHandlers;
import io.jobsuite.testsupport.RecordSourceServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The worker against MariaDB and ElasticMQ: real claims, real handlers, real queues. */
@SpringBootTest
class WorkerIntegrationTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	static final RecordSourceServer source = RecordSourceServer.start(25);

	static final JobMessageCodec codec = new JobMessageCodec(JsonMapper.builder().build());

	static JobDispatcher dispatcher;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
		registry.add("jobs.worker.lease", () -> JobSuiteEnvironment.VISIBILITY.toString());
	}

	@BeforeAll
	static void dispatcher() {
		dispatcher = env.dispatcher();
	}

	@AfterAll
	static void stopSource() {
		source.close();
	}

	@Autowired
	JobHandlers handlers;

	@Autowired
	MessageListenerContainerRegistry containers;

	@Autowired
	MeterRegistry meters;

	@Test
	void everyJobTypeInTheCatalogHasExactlyOneHandler() {
		assertThat(handlers.types())
			.containsExactlyInAnyOrderElementsOf(JobTypes.all().stream().map(JobType::name).toList());
	}

	@Test
	void clientSyncUpsertsTheSourceRecordsAndMovesTheClientsNextDueTime() {
		long client = env.insertDueClients(1, "alice", source).get(0);

		UUID job = dispatcher.dispatch(syncOf(client)).jobId();

		awaitStatus(job, "SUCCEEDED");
		assertThat(env.jdbc()
			.queryForObject("SELECT COUNT(*) FROM client_records WHERE client_id = ?", Integer.class, client))
			.isEqualTo(25);
		assertThat(env.jdbc().queryForObject("SELECT result FROM jobs WHERE id = ?", String.class, job.toString()))
			.contains("\"fetched\":25", "\"upserted\":25");
		assertThat(env.jdbc()
			.queryForObject("SELECT next_due_at > UTC_TIMESTAMP(3) + INTERVAL 50 MINUTE FROM clients WHERE id = ?",
					Boolean.class, client))
			.isTrue();
		assertThat(env.jdbc()
			.queryForList("SELECT outcome FROM job_attempts WHERE job_id = ?", String.class, job.toString()))
			.containsExactly("SUCCEEDED");
	}

	@Test
	void sameMessageDeliveredFiveTimesRunsTheHandlerOnce() {
		long client = env.insertDueClients(1, "bob", source).get(0);
		UUID job = dispatcher.dispatch(syncOf(client)).jobId();
		String body = codec.write(JobMessage.of(job, JobTypes.CLIENT_SYNC.name(), null));
		String queue = env.queueUrl(QueueKind.STANDARD);
		for (int copy = 2; copy <= 5; copy++) {
			env.sqs().sendMessage(r -> r.queueUrl(queue).messageBody(body));
		}

		awaitStatus(job, "SUCCEEDED");
		await().atMost(Duration.ofSeconds(30)).until(() -> env.messagesOn(queue) == 0);
		assertThat(source.requestsFor(client)).as("handler runs (source fetches)").isEqualTo(1);
		assertThat(env.jdbc().queryForObject("SELECT attempts FROM jobs WHERE id = ?", Integer.class, job.toString()))
			.isEqualTo(1);
	}

	@Test
	void fifoKeepsOrderWithinEveryGroupOnTheShippedSettings() {
		int groups = 20;
		int perGroup = 50;
		List<NewJob> builds = new ArrayList<>();
		for (int n = 1; n <= perGroup; n++) {
			for (int g = 0; g < groups; g++) {
				builds.add(NewJob.ofGroup(JobTypes.PROJECT_BUILD, "build-t" + g + "-p",
						"{\"team\":\"t" + g + "\",\"project\":\"p\",\"buildNumber\":" + n + ",\"workMillis\":0}"));
			}
		}
		dispatcher.dispatchAll(builds);

		await().atMost(Duration.ofSeconds(120))
			.until(() -> env.jdbc().queryForObject("SELECT COUNT(*) FROM project_builds", Integer.class) == groups
					* perGroup);
		List<Map<String, Object>> rows = env.jdbc().queryForList("""
				SELECT message_group, build_number, started_at, finished_at FROM project_builds
				ORDER BY message_group, started_at, finished_at
				""");
		int violations = 0;
		for (int i = 1; i < rows.size(); i++) {
			Map<String, Object> previous = rows.get(i - 1);
			Map<String, Object> current = rows.get(i);
			if (previous.get("message_group").equals(current.get("message_group"))
					&& ((Integer) current.get("build_number") != (Integer) previous.get("build_number") + 1
							|| ((java.time.LocalDateTime) current.get("started_at"))
								.isBefore((java.time.LocalDateTime) previous.get("finished_at")))) {
				violations++;
			}
		}
		assertThat(violations).as("order violations within groups").isZero();
	}

	@Test
	void malformedMessagesGoToTheDeadLetterQueueWithTheirReasonAndTheListenerGoesOn() {
		String queue = env.queueUrl(QueueKind.STANDARD);
		env.sqs().sendMessage(r -> r.queueUrl(queue).messageBody("{not json"));
		env.sqs()
			.sendMessage(r -> r.queueUrl(queue)
				.messageBody("{\"v\":1,\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"no-such-type\"}"));
		long client = env.insertDueClients(1, "carol", source).get(0);
		UUID good = dispatcher.dispatch(syncOf(client)).jobId();

		awaitStatus(good, "SUCCEEDED");
		String deadLetters = env.deadLetterUrl(QueueKind.STANDARD);
		List<String> reasons = new ArrayList<>();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			env.sqs()
				.receiveMessage(r -> r.queueUrl(deadLetters).maxNumberOfMessages(10).messageAttributeNames("All"))
				.messages()
				.forEach(m -> reasons.add(m.messageAttributes().get("DeadLetterReason").stringValue()));
			assertThat(reasons).anyMatch(reason -> reason.startsWith("not JSON"))
				.anyMatch(reason -> reason.contains("unknown job type 'no-such-type'"));
		});
	}

	@Test
	void failingJobIsRetriedWithBackoffThenFailedAndDeadLettered() {
		long client = env.insertDueClients(1, "dave", source).get(0);
		source.failFor(client);

		UUID job = dispatcher.dispatch(syncOf(client).withMaxAttempts(2)).jobId();

		awaitStatus(job, "FAILED");
		assertThat(source.requestsFor(client)).isEqualTo(2);
		assertThat(env.jdbc()
			.queryForList("SELECT outcome FROM job_attempts WHERE job_id = ? ORDER BY attempt", String.class,
					job.toString()))
			.containsExactly("RETRYING", "FAILED");
		assertThat(env.jdbc().queryForObject("SELECT last_error FROM jobs WHERE id = ?", String.class, job.toString()))
			.contains("503");
		String deadLetters = env.deadLetterUrl(QueueKind.STANDARD);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(env.sqs()
				.receiveMessage(r -> r.queueUrl(deadLetters)
					.maxNumberOfMessages(10)
					.messageSystemAttributeNames(MessageSystemAttributeName.ALL))
				.messages()).anyMatch(m -> m.body().contains(job.toString())));
	}

	@Test
	void jobsOfABundleSettleEachOnItsOwn() {
		List<Long> clients = env.insertDueClients(3, "erin", source);
		source.failFor(clients.get(1));

		List<UUID> jobs = dispatcher
			.dispatchAll(
					List.of(syncOf(clients.get(0)), syncOf(clients.get(1)).withMaxAttempts(2), syncOf(clients.get(2))))
			.stream()
			.map(Dispatched::jobId)
			.toList();

		awaitStatus(jobs.get(0), "SUCCEEDED");
		awaitStatus(jobs.get(2), "SUCCEEDED");
		awaitStatus(jobs.get(1), "FAILED");
		assertThat(source.requestsFor(clients.get(1))).as("runs of the failing job").isEqualTo(2);
		assertThat(env.jdbc()
			.queryForList("SELECT outcome FROM job_attempts WHERE job_id = ? ORDER BY attempt", String.class,
					jobs.get(1).toString()))
			.containsExactly("RETRYING", "FAILED");
		String deadLetters = env.deadLetterUrl(QueueKind.STANDARD);
		List<software.amazon.awssdk.services.sqs.model.Message> dead = new ArrayList<>();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			dead.addAll(env.sqs()
				.receiveMessage(r -> r.queueUrl(deadLetters).maxNumberOfMessages(10).messageAttributeNames("All"))
				.messages());
			assertThat(dead).filteredOn(m -> m.body().contains(jobs.get(1).toString())).singleElement().satisfies(m -> {
				assertThat(codec.read(m.body())).as("the failed job's own envelope, not the bundle")
					.isEqualTo(new Decoded.Valid(JobMessage.of(jobs.get(1), JobTypes.CLIENT_SYNC.name(), null)));
				assertThat(m.messageAttributes()).containsKey(DeadLetterAttributes.SOURCE_MESSAGE_ID);
			});
		});
		await().atMost(Duration.ofSeconds(30)).until(() -> env.messagesOn(env.queueUrl(QueueKind.STANDARD)) == 0);
	}

	@Test
	void bundleDeliveredFiveTimesRunsEachOfItsJobsOnce() {
		List<Long> clients = env.insertDueClients(4, "frank", source);
		List<UUID> jobs = dispatcher.dispatchAll(clients.stream().map(WorkerIntegrationTest::syncOf).toList())
			.stream()
			.map(Dispatched::jobId)
			.toList();
		String bundle = codec
			.write(jobs.stream().map(id -> JobMessage.of(id, JobTypes.CLIENT_SYNC.name(), null)).toList());
		String queue = env.queueUrl(QueueKind.STANDARD);
		for (int copy = 2; copy <= 5; copy++) {
			env.sqs().sendMessage(r -> r.queueUrl(queue).messageBody(bundle));
		}

		jobs.forEach(job -> awaitStatus(job, "SUCCEEDED"));
		await().atMost(Duration.ofSeconds(30)).until(() -> env.messagesOn(queue) == 0);
		clients.forEach(
				client -> assertThat(source.requestsFor(client)).as("runs of client %d's sync", client).isEqualTo(1));
		assertThat(env.jdbc()
			.queryForList("SELECT attempts FROM jobs WHERE id IN (?, ?, ?, ?)", Integer.class,
					jobs.stream().map(UUID::toString).toArray()))
			.containsOnly(1);
	}

	@Test
	void bundleThatComesBackIsBrokenUpAndEachOfItsJobsRunsOnce() {
		List<Long> clients = env.insertDueClients(3, "grace", source);
		String queue = env.queueUrl(QueueKind.STANDARD);
		MessageListenerContainer<?> standard = containers.getContainerById("standard");
		standard.stop();
		List<UUID> jobs;
		try {
			jobs = dispatcher.dispatchAll(clients.stream().map(WorkerIntegrationTest::syncOf).toList())
				.stream()
				.map(Dispatched::jobId)
				.toList();
			// Received by a worker that then died: the bundle comes back, its receive
			// count at 2 next time.
			assertThat(env.sqs()
				.receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10).visibilityTimeout(1))
				.messages()).singleElement().satisfies(m -> assertThat(m.body()).contains("\"jobs\""));
		}
		finally {
			standard.start();
		}

		jobs.forEach(job -> awaitStatus(job, "SUCCEEDED"));
		assertThat(meters.find("jobs.bundles.returned").tag("queue", "standard").counter()).isNotNull()
			.satisfies(returned -> assertThat(returned.count()).isEqualTo(1));
		clients.forEach(
				client -> assertThat(source.requestsFor(client)).as("runs of client %d's sync", client).isEqualTo(1));
		await().atMost(Duration.ofSeconds(30)).until(() -> env.messagesOn(queue) == 0);
	}

	@Test
	void bundleOnTheFifoQueueIsDeadLetteredAsMalformed() {
		String body = codec.write(List.of(JobMessage.of(UUID.randomUUID(), JobTypes.NOOP.name(), null),
				JobMessage.of(UUID.randomUUID(), JobTypes.NOOP.name(), null)));
		env.sqs()
			.sendMessage(r -> r.queueUrl(env.queueUrl(QueueKind.FIFO))
				.messageBody(body)
				.messageGroupId("bundled")
				.messageDeduplicationId(UUID.randomUUID().toString()));

		String deadLetters = env.deadLetterUrl(QueueKind.FIFO);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(env.sqs()
				.receiveMessage(r -> r.queueUrl(deadLetters).maxNumberOfMessages(10).messageAttributeNames("All"))
				.messages())
				.anyMatch(m -> m.body().equals(body) && m.messageAttributes()
					.get(DeadLetterAttributes.REASON)
					.stringValue()
					.contains("bundle of jobs on a FIFO queue")));
	}

	private static NewJob syncOf(long client) {
		return ClientSyncJobs.scheduled(client);
	}

	private static void awaitStatus(UUID job, String status) {
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(
					env.jdbc().queryForObject("SELECT status FROM jobs WHERE id = ?", String.class, job.toString()))
				.isEqualTo(status));
	}

}
