package io.jobsuite.api;

import java.net.http.HttpResponse;
import java.util.List;

import io.jobsuite.testsupport.JobSuiteEnvironment;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Who gets in and what they may touch, over real HTTP with the local demo users. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SecurityIntegrationTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	static final JsonMapper json = ApiCalls.JSON;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
	}

	@Test
	void everyEndpointButHealthAnswers401WithoutCredentials() throws Exception {
		long client = env.insertDueClients(1, "alice", null).get(0);
		for (String path : List.of("/api/jobs/x", "/api/clients", "/api/admin/jobs", "/api/admin/dead-letters/STANDARD",
				"/v3/api-docs", "/actuator/prometheus", "/actuator/info", "/actuator/metrics")) {
			assertThat(send(null, "GET", path, null).statusCode()).as(path).isEqualTo(401);
		}
		assertThat(send(null, "POST", "/api/clients/" + client + "/sync", null).statusCode()).isEqualTo(401);
		assertThat(send(null, "POST", "/api/jobs", "{\"type\":\"noop\",\"payload\":{}}").statusCode()).isEqualTo(401);
		assertThat(send("alice", "wrong", "GET", "/api/clients", null).statusCode()).isEqualTo(401);
		assertThat(env.jdbc().queryForObject("SELECT COUNT(*) FROM jobs WHERE client_id = ?", Integer.class, client))
			.isZero();

		assertThat(send(null, "GET", "/actuator/health", null).statusCode()).isEqualTo(200);
		assertThat(send(null, "GET", "/actuator/health/liveness", null).statusCode()).isEqualTo(200);
		assertThat(send(null, "GET", "/actuator/health/readiness", null).statusCode()).isEqualTo(200);
	}

	@Test
	void pagesSendABrowserWithoutASessionToTheLoginForm() throws Exception {
		ApiCalls api = new ApiCalls(port);
		HttpResponse<String> response = api
			.send(api.request(null, null, "GET", "/admin", null).header("Accept", "text/html").build());

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location"))
			.hasValueSatisfying(location -> assertThat(location).endsWith("/login"));
	}

	@Test
	void anotherOwnersClientAndJobsAnswer404LikeMissingOnes() throws Exception {
		long alices = env.insertDueClients(1, "alice", null).get(0);
		long bobs = env.insertDueClients(1, "bob", null).get(0);
		HttpResponse<String> synced = send("alice", "POST", "/api/clients/" + alices + "/sync", null);
		assertThat(synced.statusCode()).isEqualTo(202);
		String alicesJob = json.readTree(synced.body()).get("jobId").asString();

		HttpResponse<String> bobSyncsAlices = send("bob", "POST", "/api/clients/" + alices + "/sync", null);
		HttpResponse<String> bobSyncsNobodys = send("bob", "POST", "/api/clients/999999999/sync", null);
		HttpResponse<String> bobReadsAlicesJob = send("bob", "GET", "/api/jobs/" + alicesJob, null);

		assertThat(bobSyncsAlices.statusCode()).isEqualTo(404);
		assertThat(bobReadsAlicesJob.statusCode()).isEqualTo(404);
		assertThat(json.readTree(bobSyncsAlices.body()).get("detail").asString()).isEqualTo("No client " + alices);
		assertThat(json.readTree(bobSyncsAlices.body()).get("title").asString())
			.isEqualTo(json.readTree(bobSyncsNobodys.body()).get("title").asString());
		assertThat(send("alice", "GET", "/api/jobs/" + alicesJob, null).statusCode()).isEqualTo(200);
		assertThat(send("ops", "GET", "/api/jobs/" + alicesJob, null).statusCode()).isEqualTo(200);
		assertThat(send("bob", "GET", "/clients", null).body()).contains("client-" + bobs)
			.doesNotContain("client-" + alices);
		var bobsClients = json.readTree(send("bob", "GET", "/api/clients?size=200", null).body()).get("content");
		assertThat(bobsClients.valueStream().map(c -> c.get("owner").asString())).containsOnly("bob");
		assertThat(env.jdbc().queryForObject("SELECT COUNT(*) FROM jobs WHERE client_id = ?", Integer.class, alices))
			.isEqualTo(1);
	}

	@Test
	void aUserOnTheAdminGets403() throws Exception {
		assertThat(send("alice", "GET", "/api/admin/jobs", null).statusCode()).isEqualTo(403);
		assertThat(send("alice", "GET", "/admin", null).statusCode()).isEqualTo(403);
		assertThat(send("alice", "GET", "/admin/dead-letters", null).statusCode()).isEqualTo(403);
		assertThat(send("alice", "GET", "/actuator/prometheus", null).statusCode()).isEqualTo(403);
		assertThat(send("alice", "POST", "/api/jobs", "{\"type\":\"noop\",\"payload\":{}}").statusCode())
			.isEqualTo(403);
		assertThat(send("ops", "GET", "/api/admin/jobs", null).statusCode()).isEqualTo(200);
		assertThat(send("ops", "GET", "/admin", null).statusCode()).isEqualTo(200);
	}

	@Test
	void theEleventhSyncNowOfAClientInAMinuteAnswers429WithRetryAfter() throws Exception {
		long client = env.insertDueClients(1, "alice", null).get(0);
		long other = env.insertDueClients(1, "alice", null).get(0);
		for (int i = 1; i <= 10; i++) {
			assertThat(send("alice", "POST", "/api/clients/" + client + "/sync", null).statusCode()).as("sync %d", i)
				.isEqualTo(202);
		}

		HttpResponse<String> eleventh = send("alice", "POST", "/api/clients/" + client + "/sync", null);

		assertThat(eleventh.statusCode()).isEqualTo(429);
		assertThat(eleventh.headers().firstValue("Retry-After").map(Integer::parseInt))
			.hasValueSatisfying(seconds -> assertThat(seconds).isBetween(1, 60));
		assertThat(eleventh.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		assertThat(send("alice", "POST", "/api/clients/" + other + "/sync", null).statusCode())
			.as("the limit is per client")
			.isEqualTo(202);
	}

	@Test
	void adminFormsNeedACsrfTokenAndPagesCarrySecurityHeaders() throws Exception {
		String job = json.readTree(send("ops", "POST", "/api/jobs", "{\"type\":\"noop\",\"payload\":{}}").body())
			.get("jobId")
			.asString();

		HttpResponse<String> forged = send("ops", "POST", "/admin/jobs/" + job + "/cancel", "");
		HttpResponse<String> page = send("ops", "GET", "/admin/jobs/" + job, null);

		assertThat(forged.statusCode()).isEqualTo(403);
		assertThat(env.jdbc().queryForObject("SELECT status FROM jobs WHERE id = ?", String.class, job))
			.isNotEqualTo("CANCELLED");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("name=\"_csrf\"");
		assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
		assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
		assertThat(page.headers().firstValue("Content-Security-Policy"))
			.hasValueSatisfying(csp -> assertThat(csp).contains("frame-ancestors 'none'"));
		assertThat(page.headers().firstValue("Referrer-Policy")).contains("same-origin");
		assertThat(page.headers().firstValue("Cache-Control"))
			.hasValueSatisfying(cache -> assertThat(cache).contains("no-store"));
	}

	private HttpResponse<String> send(String user, String method, String path, String body) throws Exception {
		return new ApiCalls(port).send(user, method, path, body);
	}

	private HttpResponse<String> send(String user, String password, String method, String path, String body)
			throws Exception {
		return new ApiCalls(port).send(user, password, method, path, body);
	}

}
