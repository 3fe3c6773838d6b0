package io.jobsuite.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import ch.qos.logback.classic.Level;
import io.jobsuite.api.HostileRequests.Endpoint;
import io.jobsuite.api.HostileRequests.Request;
import io.jobsuite.api.RawHttp.Answer;
import io.jobsuite.model.JobTypes;
import io.jobsuite.model.NewJob;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile HTTP, as a fuzzer or an attacker sends it, at every endpoint the OpenAPI
 * document lists, every page and Actuator: a mistake of the caller's is a 4xx, as
 * problem+json or (for a browser) the error page, never a 5xx, never Tomcat's page, and
 * never an ERROR log line; refusals are logged at WARN, rate-limited.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Its own database: no other class can share the context, whose connections would count
// towards the server's limit until the JVM ends.
@DirtiesContext
class HostileRequestsTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	private static final int REQUESTS = 5_000;

	/** Rate-limited: a few lines per status and minute, whatever the flood. */
	private static final int MAX_WARNINGS = 40;

	private static final List<String> NOT_MAPPED = List.of("/login", "/logout", "/app.css", "/swagger-ui/index.html",
			"/actuator", "/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness",
			"/actuator/info", "/actuator/metrics", "/actuator/metrics/{name}", "/actuator/prometheus", "/nope",
			"/api/nope", "/admin/nope");

	private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options",
			"trace");

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
	}

	@Test
	void fiveThousandHostileRequestsGetNo5xxNoForeignErrorPageAndNoErrorLine() throws Exception {
		long seed = Long.getLong("hostile.seed", System.nanoTime());
		List<Endpoint> endpoints = endpoints();
		HostileRequests hostile = new HostileRequests(new Random(seed), knownValues());
		List<Request> requests = IntStream.range(0, REQUESTS)
			.mapToObj(i -> hostile.next(endpoints.get(i % endpoints.size())))
			.toList();
		Map<Integer, Integer> statuses = new TreeMap<>();
		List<String> failures;
		List<String> errors;
		List<String> warnings;
		try (CapturedLog log = CapturedLog.start()) {
			failures = sendAll(requests, statuses);
			errors = log.lines(Level.ERROR);
			warnings = log.lines(Level.WARN);
		}

		assertThat(failures).as("seed %d (rerun with -Dhostile.seed=%d)", seed, seed).isEmpty();
		assertThat(statuses).as("what the requests got: past the checks too, and each kind of refusal")
			.containsKeys(200, 202, 302, 400, 401, 403, 404, 405, 406, 413, 415);
		assertThat(errors).as("ERROR lines, seed %d", seed).isEmpty();
		assertThat(warnings).as("WARN lines, seed %d", seed).hasSizeLessThanOrEqualTo(MAX_WARNINGS);
	}

	/** What the issue found, each on its own, with the answer it must get. */
	@Test
	void theKnownCulpritsGetTheirOwn4xx() throws Exception {
		RawHttp http = new RawHttp(port);
		byte[] badForm = "a=%ff&b=%".getBytes(StandardCharsets.UTF_8);
		String[] form = { "Content-Type", "application/x-www-form-urlencoded" };
		String[] html = { "Accept", "text/html" };
		String[] ops = { "Authorization", ApiCalls.basic("ops") };

		assertProblem(http.send("PUT", "/api/jobs", headers(ops, form), badForm, false), 405);
		assertProblem(http.send("PATCH", "/api/admin/jobs", headers(ops, form), badForm, false), 405);
		assertPage(http.send("PUT", "/admin/jobs", headers(ops, form, html), badForm, false), 403);
		assertProblem(http.send("GET", "/api/admin/jobs?page=%ff", headers(ops), null, false), 400);
		assertPage(http.send("GET", "/admin/jobs?page=%ff", headers(ops, html), null, false), 400);
		assertProblem(http.send("POST", "/admin/jobs/retry", headers(ops, form), badForm, false), 400);
		assertProblem(http.send("GET", "/api/admin/jobs?page=abc", headers(ops), null, false), 400);
		assertPage(http.send("GET", "/admin/jobs?from=%2B1000000000-01-01T00:00", headers(ops, html), null, false),
				400);
		byte[] oversized = ("{\"type\":\"noop\",\"payload\":{\"s\":\"" + "x".repeat(HostileRequests.MAX_BODY) + "\"}}")
			.getBytes(StandardCharsets.UTF_8);
		String[] json = { "Content-Type", "application/json" };
		assertProblem(http.send("POST", "/api/jobs", headers(ops, json), oversized, false), 413);
		assertProblem(http.send("POST", "/api/jobs", headers(ops, json), oversized, true), 413);
		byte[] deep = ("[".repeat(10_000) + "]".repeat(10_000)).getBytes(StandardCharsets.UTF_8);
		assertProblem(http.send("POST", "/api/jobs", headers(ops, json), deep, false), 400);
		assertProblem(http.send("POST", "/api/jobs", headers(ops, json), "{\"type\":".getBytes(), false), 400);
		assertProblem(http.send("GET", "/api/nope", headers(ops), null, false), 404);
		assertPage(http.send("GET", "/nope", headers(ops, html), null, false), 404);
		assertProblem(http.send("GET", "/api/clients", headers(), null, false), 401);
	}

	private static List<String[]> headers(String[]... headers) {
		return Arrays.stream(headers).toList();
	}

	private static void assertProblem(Answer answer, int status) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(status);
		assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
		assertThat(ApiCalls.JSON.readTree(answer.body()).get("status").asInt()).isEqualTo(status);
	}

	private static void assertPage(Answer answer, int status) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(status);
		assertThat(answer.header("Content-Type")).startsWith("text/html");
		assertThat(answer.body()).contains("id=\"error-page\"", Integer.toString(status));
	}

	/**
	 * Every operation the OpenAPI document lists, every mapped page, and what Spring
	 * Security and Actuator serve.
	 */
	private List<Endpoint> endpoints() throws Exception {
		List<Endpoint> endpoints = new ArrayList<>();
		JsonNode paths = ApiCalls.json(new ApiCalls(port).get("ops", "/v3/api-docs")).get("paths");
		paths.properties().forEach(path -> path.getValue().properties().forEach(operation -> {
			if (!HTTP_METHODS.contains(operation.getKey())) {
				return;
			}
			List<String> query = operation.getValue()
				.path("parameters")
				.valueStream()
				.filter(p -> p.path("in").asString().equals("query"))
				.map(p -> p.get("name").asString())
				.toList();
			endpoints.add(new Endpoint(operation.getKey().toUpperCase(Locale.ROOT), path.getKey(), query));
		}));
		assertThat(endpoints).as("the OpenAPI document's operations").hasSizeGreaterThan(8);
		Set<String> pages = new TreeSet<>(NOT_MAPPED);
		mappings.getHandlerMethods().keySet().forEach(mapping -> {
			Set<RequestMethod> methods = mapping.getMethodsCondition().getMethods();
			mapping.getPatternValues().forEach(pattern -> {
				if (methods.isEmpty()) {
					pages.add(pattern);
				}
				methods.forEach(method -> endpoints.add(new Endpoint(method.name(), pattern, List.of())));
			});
		});
		pages.forEach(page -> endpoints.add(new Endpoint(null, page, List.of())));
		return endpoints;
	}

	/** Real ids to aim at, so that some requests get past the 404s. */
	private static Map<String, List<String>> knownValues() {
		List<String> clients = new ArrayList<>();
		clients.addAll(env.insertDueClients(2, "alice", null).stream().map(String::valueOf).toList());
		clients.addAll(env.insertDueClients(1, "bob", null).stream().map(String::valueOf).toList());
		String job = env.dispatcher().dispatch(NewJob.of(JobTypes.NOOP, "{}")).jobId().toString();
		return Map.of("clientId", clients, "jobId", List.of(job), "queue", List.of("STANDARD", "EXPRESS", "FIFO"),
				"name", List.of("jobs.enqueued", "http.server.requests"));
	}

	/**
	 * Sends every request, four at a time; counts the statuses, answers what went wrong.
	 */
	private List<String> sendAll(List<Request> requests, Map<Integer, Integer> statuses) throws Exception {
		RawHttp http = new RawHttp(port);
		List<Callable<String>> calls = requests.stream().<Callable<String>>map(request -> () -> {
			try {
				Answer answer = http.send(request.method(), request.target(), request.headers(), request.body(),
						request.chunked());
				synchronized (statuses) {
					statuses.merge(answer.status(), 1, Integer::sum);
				}
				String wrong = HostileAnswers.wrongIn(request, answer);
				return wrong == null ? null : wrong + ": " + request;
			}
			catch (Exception ex) {
				return ex + ": " + request;
			}
		}).toList();
		List<String> failures = new ArrayList<>();
		ExecutorService callers = Executors.newFixedThreadPool(4);
		try {
			for (Future<String> answer : callers.invokeAll(calls)) {
				if (answer.get() != null) {
					failures.add(answer.get());
				}
			}
		}
		finally {
			callers.shutdownNow();
		}
		return failures;
	}

}
