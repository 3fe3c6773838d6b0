package io.jobsuite.api;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.jobsuite.model.Utc;
import io.jobsuite.model.store.JobTransitions;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recurring jobs in the admin's API and page, over real HTTP on MariaDB and
 * ElasticMQ: the shipped catalog (the nightly table statistics), Run now, Pause, Resume.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RecurringAdminIntegrationTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	static final String NIGHTLY = "/api/admin/recurring/table-statistics";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	JobTransitions transitions;

	final JdbcTemplate jdbc = env.jdbc();

	ApiCalls api;

	@BeforeEach
	void runningWithNoJobs() {
		api = new ApiCalls(port);
		jdbc.update("DELETE FROM jobs");
		jdbc.update("DELETE FROM recurring_jobs");
	}

	@Test
	void listsTheShippedRecurringJobWithItsScheduleAndNextRun() throws Exception {
		HttpResponse<String> response = api.get("ops", "/api/admin/recurring");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode nightly = ApiCalls.json(response).get(0);
		assertThat(nightly.get("name").asString()).isEqualTo("table-statistics");
		assertThat(nightly.get("cron").asString()).isEqualTo("0 0 2 * * *");
		assertThat(nightly.get("zone").asString()).isEqualTo("Z");
		assertThat(nightly.get("missed").asString()).isEqualTo("SKIP");
		assertThat(nightly.get("paused").asBoolean()).isFalse();
		Instant nextRun = Instant.parse(nightly.get("nextRun").asString());
		assertThat(nextRun).isAfter(databaseNow()).isBefore(databaseNow().plusSeconds(24 * 3600 + 1));
		assertThat(LocalTime.ofInstant(nextRun, ZoneOffset.UTC)).isEqualTo(LocalTime.of(2, 0));
		assertThat(nightly.get("lastJobId").isNull()).isTrue();
	}

	@Test
	void runNowCreatesOneJobThatPressesWhileItWaitsAnswerWithAndLeavesTheScheduleAlone() throws Exception {
		assertThat(api.get("ops", "/api/admin/recurring").statusCode()).isEqualTo(200);
		String cursor = cursor();

		JsonNode first = ApiCalls.json(api.post("ops", NIGHTLY + "/run", null));
		JsonNode again = ApiCalls.json(api.post("ops", NIGHTLY + "/run", null));

		assertThat(first.get("outcome").asString()).isEqualTo("CREATED");
		assertThat(again.get("outcome").asString()).isEqualTo("EXISTING");
		assertThat(again.get("jobId").asString()).isEqualTo(first.get("jobId").asString());
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM jobs WHERE type = 'table-statistics'", Integer.class))
			.isOne();
		JsonNode view = ApiCalls.json(api.get("ops", NIGHTLY));
		assertThat(view.get("lastJobId").asString()).isEqualTo(first.get("jobId").asString());
		assertThat(view.get("lastJobStatus").asString()).isEqualTo("QUEUED");
		assertThat(view.get("runNowCount").asLong()).isOne();
		assertThat(api.get("ops", "/admin/recurring").body()).contains("/admin/jobs/" + first.get("jobId").asString());

		assertThat(transitions.cancel(UUID.fromString(first.get("jobId").asString()), "test")).isTrue();
		JsonNode afterItEnded = ApiCalls.json(api.post("ops", NIGHTLY + "/run", null));
		assertThat(afterItEnded.get("outcome").asString()).isEqualTo("CREATED");
		assertThat(ApiCalls.json(api.get("ops", NIGHTLY)).get("runNowCount").asLong()).isEqualTo(2);
		assertThat(cursor()).as("the schedule's cursor").isEqualTo(cursor);
	}

	@Test
	void pauseAndResumePersistAndResumingSkipsThePausedTime() throws Exception {
		HttpResponse<String> paused = api.post("ops", NIGHTLY + "/pause", null);

		assertThat(paused.statusCode()).isEqualTo(200);
		assertThat(ApiCalls.json(paused).get("paused").asBoolean()).isTrue();
		assertThat(ApiCalls.json(paused).get("nextRun").isNull()).isTrue();
		assertThat(
				jdbc.queryForObject("SELECT paused FROM recurring_jobs WHERE name = 'table-statistics'", Boolean.class))
			.isTrue();
		assertThat(api.post("ops", NIGHTLY + "/pause", null).statusCode()).as("pausing twice").isEqualTo(200);
		assertThat(api.get("ops", "/admin/recurring").body()).contains("paused", "Resume");
		jdbc.update("UPDATE recurring_jobs SET last_occurrence = UTC_TIMESTAMP(3) - INTERVAL 3 DAY");

		HttpResponse<String> resumed = api.post("ops", NIGHTLY + "/resume", null);

		assertThat(ApiCalls.json(resumed).get("paused").asBoolean()).isFalse();
		assertThat(Instant.parse(ApiCalls.json(resumed).get("nextRun").asString())).isAfter(databaseNow());
		assertThat(Instant.parse(cursor().replace(' ', 'T') + "Z")).as("nights missed while paused are not made up")
			.isAfter(databaseNow().minusSeconds(60));
	}

	@Test
	void anUnknownNameIsA404ProblemAndOnlyOpsMayUseTheseEndpoints() throws Exception {
		for (String path : new String[] { "/api/admin/recurring/nope", "/api/admin/recurring/nope/run" }) {
			HttpResponse<String> response = path.endsWith("/run") ? api.post("ops", path, null) : api.get("ops", path);
			assertThat(response.statusCode()).as(path).isEqualTo(404);
			assertThat(response.headers().firstValue("Content-Type"))
				.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
			assertThat(ApiCalls.json(response).get("detail").asString()).isEqualTo("No recurring job nope");
		}
		assertThat(api.get("ops", "/admin/recurring/nope").statusCode()).as("no such page").isEqualTo(404);
		assertThat(api.get("alice", "/api/admin/recurring").statusCode()).isEqualTo(403);
		assertThat(api.post("alice", NIGHTLY + "/run", null).statusCode()).isEqualTo(403);
		assertThat(api.get("alice", "/admin/recurring").statusCode()).isEqualTo(403);
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM jobs", Integer.class)).isZero();
	}

	private String cursor() {
		return jdbc.queryForObject(
				"SELECT CAST(last_occurrence AS CHAR) FROM recurring_jobs WHERE name = 'table-statistics'",
				String.class);
	}

	private Instant databaseNow() {
		return jdbc.queryForObject("SELECT UTC_TIMESTAMP(3) AS now", (rs, n) -> Utc.instant(rs, "now"));
	}

}
