package io.jobsuite.api;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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

	@Test
	void aThousandFuzzedRequestsNeverGetA5xx() throws Exception {
		long seed = System.nanoTime();
		Random random = new Random(seed);
		long client = env.insertDueClients(1, "alice", null).get(0);
		String[] users = { "ops", "alice", "bob", null };
		String[] methods = { "GET", "POST", "PUT", "DELETE", "PATCH" };
		String[] paths = { "/api/jobs", "/api/jobs/", "/api/clients/", "/api/clients/" + client + "/sync",
				"/api/admin/jobs", "/api/admin/jobs/", "/api/admin/jobs/retry", "/api/admin/dead-letters/",
				"/admin/jobs", "/admin/jobs/", "/admin/dead-letters", "/clients/", "/jobs/", "/v3/api-docs",
				"/actuator/" };
		List<Callable<String>> requests = new ArrayList<>();
		for (int i = 0; i < 1_000; i++) {
			String user = users[random.nextInt(users.length)];
			String method = methods[random.nextInt(methods.length)];
			String path = paths[random.nextInt(paths.length)] + fuzzSegment(random) + fuzzQuery(random);
			String body = random.nextInt(4) == 0 ? null : fuzzBody(random);
			requests.add(() -> {
				HttpResponse<String> response = send(user, user, method, path, body);
				return response.statusCode() < 500 ? null : method + " " + path + " as " + user + " with " + body
						+ " -> " + response.statusCode() + " " + response.body();
			});
		}
		List<String> failures = new ArrayList<>();
		ExecutorService callers = Executors.newFixedThreadPool(4);
		try {
			for (Future<String> answer : callers.invokeAll(requests)) {
				if (answer.get() != null) {
					failures.add(answer.get());
				}
			}
		}
		finally {
			callers.shutdownNow();
		}
		assertThat(failures).as("seed %d", seed).isEmpty();
	}

	private static String fuzzSegment(Random random) {
		return switch (random.nextInt(6)) {
			case 0 -> "";
			case 1 -> Long.toString(random.nextLong());
			case 2 -> UUID.randomUUID().toString();
			case 3 -> "EXPRESS/redrive";
			case 4 -> encode(randomText(random, 1 + random.nextInt(40)));
			default -> "1/retry";
		};
	}

	private static String fuzzQuery(Random random) {
		if (random.nextBoolean()) {
			return "";
		}
		String[] names = { "page", "size", "status", "clientId", "from", "to", "error", "fingerprint", "queue",
				"type" };
		StringBuilder query = new StringBuilder("?");
		for (int i = random.nextInt(4); i >= 0; i--) {
			query.append(names[random.nextInt(names.length)])
				.append('=')
				.append(encode(random.nextBoolean() ? Integer.toString(random.nextInt()) : randomText(random, 12)))
				.append('&');
		}
		return query.toString();
	}

	private static String fuzzBody(Random random) {
		String[] valid = { "{\"type\":\"noop\",\"payload\":{\"n\":1}}",
				"{\"type\":\"project-build\",\"payload\":{\"team\":\"a\",\"project\":\"b\"},\"messageGroup\":\"g\"}",
				"{\"type\":\"client-sync\",\"payload\":{\"clientId\":1},\"priority\":\"high\",\"maxAttempts\":3}" };
		String body = valid[random.nextInt(valid.length)];
		return switch (random.nextInt(7)) {
			case 0 -> body;
			case 1 -> body.substring(0, random.nextInt(body.length()));
			case 2 -> body.replace("1", Long.toString(random.nextLong()));
			case 3 -> body.replace("\"noop\"", "[" + random.nextInt() + "]").replace("{\"n\"", "[{\"n\"");
			case 4 -> randomText(random, random.nextInt(300));
			case 5 -> "{\"type\":\"" + randomText(random, 30).replace("\"", "") + "\",\"payload\":"
					+ (random.nextBoolean() ? "null" : "\"x\"") + ",\"uniqueKey\":\"" + "k".repeat(random.nextInt(400))
					+ "\"}";
			default -> "{\"type\":\"noop\",\"payload\":{},\"maxAttempts\":" + random.nextLong() + ",\"priority\":"
					+ random.nextDouble() + "}";
		};
	}

	private static String randomText(Random random, int length) {
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append((char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0x3000)));
		}
		return text.toString();
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	private HttpResponse<String> send(String user, String method, String path, String body) throws Exception {
		return new ApiCalls(port).send(user, method, path, body);
	}

	private HttpResponse<String> send(String user, String password, String method, String path, String body)
			throws Exception {
		return new ApiCalls(port).send(user, password, method, path, body);
	}

}
