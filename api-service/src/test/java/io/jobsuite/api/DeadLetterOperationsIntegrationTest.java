package io.jobsuite.api;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.jobsuite.testsupport.JobSuiteEnvironment;
import io.jobsuite.testsupport.RecordSourceServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

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

	static final DeadLetterFixtures fixtures = new DeadLetterFixtures(env, healthy, failing);

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
		fixtures.startQuietAndEmpty();
		env.jdbc().update("DELETE FROM dead_letter_redrives");
		env.jdbc().update("DELETE FROM dead_letter_fixes");
	}

	@Test
	void purgeDeletesOnlyItsGroupAndOnlyWhenConfirmed() throws Exception {
		for (int i = 0; i < 12; i++) {
			fixtures.poison("Malformed message: unexpected character at offset " + i);
		}
		List<UUID> failed = fixtures.failedJobs(2);
		String poison = groupId("Malformed message: unexpected character at offset <n>");

		HttpResponse<String> unconfirmed = api().post("ops",
				"/api/admin/dead-letters/STANDARD/groups/" + poison + "/purge", null);
		assertThat(unconfirmed.statusCode()).isEqualTo(400);
		assertThat(ApiCalls.json(unconfirmed).get("detail").asString()).contains("confirm=" + poison);
		HttpResponse<String> purged = api().post("ops",
				"/api/admin/dead-letters/STANDARD/groups/" + poison + "/purge?confirm=" + poison, null);

		assertThat(purged.statusCode()).isEqualTo(200);
		assertThat(ApiCalls.json(purged).get("purged").asInt()).isEqualTo(12);
		assertThat(fixtures.deadJobs()).containsExactlyInAnyOrderElementsOf(failed);
		assertThat(api()
			.post("ops", "/api/admin/dead-letters/STANDARD/groups/" + poison + "/purge?confirm=" + poison, null)
			.statusCode()).as("the group is gone").isEqualTo(404);
	}

	@Test
	void canaryThatFailsAgainStopsAndLeavesTheRestOnTheDeadLetterQueue() throws Exception {
		List<UUID> failed = fixtures.failedJobs(5);
		String group = groupOf(failed.get(0));

		JsonNode started = ApiCalls.json(
				api().post("ops", "/api/admin/dead-letters/STANDARD/groups/" + group + "/canary-redrive?size=2", null));
		assertThat(started.get("status").asString()).isEqualTo("CANARY");
		assertThat(started.get("canaryJobs")).hasSize(2);

		JsonNode stopped = awaitRedrive("STOPPED");
		assertThat(stopped.get("note").asString()).contains("failed again", "stays on the dead-letter queue");
		// It stopped at the first canary job that failed again; the other may still
		// retry.
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(fixtures.statuses(failed)).containsOnly("FAILED"));
		List<String> canary = new ArrayList<>();
		stopped.get("canaryJobs").forEach(job -> canary.add(job.asString()));
		for (UUID job : failed) {
			int attempts = env.jdbc()
				.queryForObject("SELECT attempts FROM jobs WHERE id = ?", Integer.class, job.toString());
			assertThat(attempts).as(job + " (canary: " + canary.contains(job.toString()) + ")")
				.isEqualTo(canary.contains(job.toString()) ? 4 : 1);
		}
		// The rest, and the canary's dead letters of their second failure.
		await().atMost(Duration.ofSeconds(10)).until(() -> fixtures.deadJobs().size() == 5);
		assertThat(fixtures.deadJobs()).containsExactlyInAnyOrderElementsOf(failed);
	}

	@Test
	void canaryThatSucceedsRedrivesTheRest() throws Exception {
		List<UUID> failed = fixtures.failedJobs(5);
		String group = groupOf(failed.get(0));
		// The fix: the clients' source answers again.
		failed.forEach(fixtures::healSource);

		api().post("ops", "/api/admin/dead-letters/STANDARD/groups/" + group + "/canary-redrive?size=2", null);

		JsonNode completed = awaitRedrive("COMPLETED");
		assertThat(completed.get("redriven").asInt()).isEqualTo(5);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(fixtures.statuses(failed)).containsOnly("SUCCEEDED"));
		assertThat(fixtures.deadJobs()).isEmpty();
	}

	@Test
	void retryingAFailedJobDeletesItsDeadLetter() throws Exception {
		List<UUID> failed = fixtures.failedJobs(2);
		fixtures.healSource(failed.get(0));

		HttpResponse<String> retried = api().post("ops", "/api/admin/jobs/" + failed.get(0) + "/retry", null);

		assertThat(retried.statusCode()).isEqualTo(200);
		assertThat(ApiCalls.json(retried).get("deadLettersDeleted").asInt()).isEqualTo(1);
		assertThat(fixtures.deadJobs()).containsExactly(failed.get(1));
	}

	@Test
	void aFingerprintMarkedFixedThatComesBackIsFlagged() throws Exception {
		UUID first = fixtures.failedJobs(1).get(0);
		String group = groupOf(first);

		JsonNode fixed = ApiCalls
			.json(api().post("ops", "/api/admin/dead-letters/STANDARD/groups/" + group + "/fixed", null));
		assertThat(fixed.get("fixedAt").isNull()).isFalse();
		assertThat(fixed.get("reappeared").asBoolean()).as("only what arrived before the fix").isFalse();

		fixtures.failedJobs(1);

		JsonNode again = groups().stream().filter(g -> g.get("id").asString().equals(group)).findFirst().orElseThrow();
		assertThat(again.get("count").asInt()).isEqualTo(2);
		assertThat(again.get("reappeared").asBoolean()).isTrue();
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

	private ApiCalls api() {
		return new ApiCalls(port);
	}

}
