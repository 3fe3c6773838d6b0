package io.jobsuite.api;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.jobsuite.model.ClientSyncJobs;
import io.jobsuite.model.JobMessageCodec;
import io.jobsuite.model.JobMessageCodec.Decoded;
import io.jobsuite.model.QueueKind;
import io.jobsuite.model.queue.DeadLetterAttributes;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import io.jobsuite.testsupport.RecordSourceServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin's dead-letter operations on ElasticMQ and MariaDB, with a real worker failing
 * and running the jobs: a purge deletes only its group and asks for a confirmation; a
 * canaried redrive stops when its canary fails again and leaves the rest on the
 * dead-letter queue, and completes when it succeeds; retrying a job deletes its dead
 * letter; a fingerprint marked fixed that comes back is flagged.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeadLetterOperationsIntegrationTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	static final RecordSourceServer healthy = RecordSourceServer.start(3);

	static final RecordSourceServer failing = RecordSourceServer.start(3);

	static final JobMessageCodec CODEC = new JobMessageCodec(JsonMapper.builder().build());

	static InProcessWorker worker;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
		registry.add("jobs.dead-letters.canary.interval", () -> "1s");
	}

	@BeforeAll
	static void startWorker() {
		worker = InProcessWorker.start(env);
	}

	@AfterAll
	static void stop() {
		worker.close();
		healthy.close();
		failing.close();
	}

	@BeforeEach
	void emptyDeadLetters() {
		env.sqs().purgeQueue(r -> r.queueUrl(dlq()));
		env.jdbc().update("DELETE FROM dead_letter_redrives");
		env.jdbc().update("DELETE FROM dead_letter_fixes");
	}

	@Test
	void purgeDeletesOnlyItsGroupAndOnlyWhenConfirmed() throws Exception {
		for (int i = 0; i < 12; i++) {
			poison("Malformed message: unexpected character at offset " + i);
		}
		List<UUID> failed = failedJobs(2);
		String poison = groupId("Malformed message: unexpected character at offset <n>");

		HttpResponse<String> unconfirmed = api().post("ops",
				"/api/admin/dead-letters/STANDARD/groups/" + poison + "/purge", null);
		assertThat(unconfirmed.statusCode()).isEqualTo(400);
		assertThat(ApiCalls.json(unconfirmed).get("detail").asString()).contains("confirm=" + poison);
		HttpResponse<String> purged = api().post("ops",
				"/api/admin/dead-letters/STANDARD/groups/" + poison + "/purge?confirm=" + poison, null);

		assertThat(purged.statusCode()).isEqualTo(200);
		assertThat(ApiCalls.json(purged).get("purged").asInt()).isEqualTo(12);
		assertThat(deadJobs()).containsExactlyInAnyOrderElementsOf(failed);
		assertThat(api()
			.post("ops", "/api/admin/dead-letters/STANDARD/groups/" + poison + "/purge?confirm=" + poison, null)
			.statusCode()).as("the group is gone").isEqualTo(404);
	}

	@Test
	void canaryThatFailsAgainStopsAndLeavesTheRestOnTheDeadLetterQueue() throws Exception {
		List<UUID> failed = failedJobs(5);
		String group = groupOf(failed.get(0));

		JsonNode started = ApiCalls.json(
				api().post("ops", "/api/admin/dead-letters/STANDARD/groups/" + group + "/canary-redrive?size=2", null));
		assertThat(started.get("status").asString()).isEqualTo("CANARY");
		assertThat(started.get("canaryJobs")).hasSize(2);

		JsonNode stopped = awaitRedrive("STOPPED");
		assertThat(stopped.get("note").asString()).contains("failed again", "stays on the dead-letter queue");
		List<String> canary = new ArrayList<>();
		stopped.get("canaryJobs").forEach(job -> canary.add(job.asString()));
		for (UUID job : failed) {
			int attempts = env.jdbc()
				.queryForObject("SELECT attempts FROM jobs WHERE id = ?", Integer.class, job.toString());
			assertThat(attempts).as(job + " (canary: " + canary.contains(job.toString()) + ")")
				.isEqualTo(canary.contains(job.toString()) ? 4 : 1);
		}
		// The rest, and the canary's dead letters of their second failure.
		await().atMost(Duration.ofSeconds(10)).until(() -> deadJobs().size() == 5);
		assertThat(deadJobs()).containsExactlyInAnyOrderElementsOf(failed);
	}

	@Test
	void canaryThatSucceedsRedrivesTheRest() throws Exception {
		List<UUID> failed = failedJobs(5);
		String group = groupOf(failed.get(0));
		// The fix: the clients' source answers again.
		for (UUID job : failed) {
			long client = env.jdbc()
				.queryForObject("SELECT client_id FROM jobs WHERE id = ?", Long.class, job.toString());
			env.jdbc().update("UPDATE clients SET source_url = ? WHERE id = ?", healthy.urlOf(client), client);
		}

		api().post("ops", "/api/admin/dead-letters/STANDARD/groups/" + group + "/canary-redrive?size=2", null);

		JsonNode completed = awaitRedrive("COMPLETED");
		assertThat(completed.get("redriven").asInt()).isEqualTo(5);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(env.jdbc()
				.queryForList("SELECT status FROM jobs WHERE id IN (" + quoted(failed) + ")", String.class))
				.containsOnly("SUCCEEDED"));
		assertThat(deadJobs()).isEmpty();
	}

	@Test
	void retryingAFailedJobDeletesItsDeadLetter() throws Exception {
		List<UUID> failed = failedJobs(2);

		HttpResponse<String> retried = api().post("ops", "/api/admin/jobs/" + failed.get(0) + "/retry", null);

		assertThat(retried.statusCode()).isEqualTo(200);
		assertThat(ApiCalls.json(retried).get("deadLettersDeleted").asInt()).isEqualTo(1);
		assertThat(deadJobs()).containsExactly(failed.get(1));
	}

	@Test
	void aFingerprintMarkedFixedThatComesBackIsFlagged() throws Exception {
		UUID first = failedJobs(1).get(0);
		String group = groupOf(first);

		JsonNode fixed = ApiCalls
			.json(api().post("ops", "/api/admin/dead-letters/STANDARD/groups/" + group + "/fixed", null));
		assertThat(fixed.get("fixedAt").isNull()).isFalse();
		assertThat(fixed.get("reappeared").asBoolean()).as("only what arrived before the fix").isFalse();

		failedJobs(1);

		JsonNode again = groups().stream().filter(g -> g.get("id").asString().equals(group)).findFirst().orElseThrow();
		assertThat(again.get("count").asInt()).isEqualTo(2);
		assertThat(again.get("reappeared").asBoolean()).isTrue();
	}

	private List<UUID> failedJobs(int count) {
		int before = env.messagesOn(dlq());
		List<UUID> jobs = new ArrayList<>();
		for (long client : env.insertDueClients(count, "alice", failing)) {
			failing.failFor(client);
			jobs.add(env.dispatcher().dispatch(ClientSyncJobs.scheduled(client, null).withMaxAttempts(1)).jobId());
		}
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(
					env.jdbc().queryForList("SELECT status FROM jobs WHERE id IN (" + quoted(jobs) + ")", String.class))
				.containsOnly("FAILED"));
		await().atMost(Duration.ofSeconds(10)).until(() -> env.messagesOn(dlq()) == before + count);
		return jobs;
	}

	private void poison(String reason) {
		env.sqs()
			.sendMessage(r -> r.queueUrl(dlq())
				.messageBody("not a job")
				.messageAttributes(Map.of(DeadLetterAttributes.REASON,
						MessageAttributeValue.builder().dataType("String").stringValue(reason).build())));
	}

	private JsonNode awaitRedrive(String status) {
		JsonNode[] latest = new JsonNode[1];
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			latest[0] = ApiCalls.json(api().get("ops", "/api/admin/dead-letters/STANDARD/redrives")).get(0);
			assertThat(latest[0].get("status").asString()).isEqualTo(status);
		});
		return latest[0];
	}

	private String groupOf(UUID job) throws Exception {
		return groups().stream()
			.filter(g -> job.toString().equals(g.get("exampleJobId").asString()))
			.findFirst()
			.orElseThrow()
			.get("id")
			.asString();
	}

	private String groupId(String fingerprint) throws Exception {
		return groups().stream()
			.filter(g -> g.get("fingerprint").asString().equals(fingerprint))
			.findFirst()
			.orElseThrow()
			.get("id")
			.asString();
	}

	private List<JsonNode> groups() throws Exception {
		List<JsonNode> groups = new ArrayList<>();
		ApiCalls.json(api().get("ops", "/api/admin/dead-letters/STANDARD")).forEach(groups::add);
		return groups;
	}

	/** The jobs whose messages are on the dead-letter queue (read, then shown again). */
	private List<UUID> deadJobs() {
		List<Message> seen = new ArrayList<>();
		List<Message> batch;
		do {
			batch = env.sqs()
				.receiveMessage(r -> r.queueUrl(dlq()).maxNumberOfMessages(10).visibilityTimeout(5))
				.messages();
			seen.addAll(batch);
		}
		while (!batch.isEmpty());
		seen.forEach(m -> env.sqs()
			.changeMessageVisibility(r -> r.queueUrl(dlq()).receiptHandle(m.receiptHandle()).visibilityTimeout(0)));
		List<UUID> jobs = new ArrayList<>();
		for (Message message : seen) {
			if (CODEC.read(message.body()) instanceof Decoded.Valid valid) {
				valid.jobs().forEach(job -> jobs.add(job.id()));
			}
		}
		return jobs;
	}

	private static String quoted(List<UUID> jobs) {
		return String.join(",", jobs.stream().map(id -> "'" + id + "'").toList());
	}

	private ApiCalls api() {
		return new ApiCalls(port);
	}

	private static String dlq() {
		return env.deadLetterUrl(QueueKind.STANDARD);
	}

}
