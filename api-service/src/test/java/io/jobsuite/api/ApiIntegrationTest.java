package io.jobsuite.api;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.jobsuite.model.ClientSyncJobs;
import io.jobsuite.model.JobMessage;
import io.jobsuite.model.JobMessageCodec;
import io.jobsuite.model.JobTypes;
import io.jobsuite.model.NewJob;
import io.jobsuite.model.QueueKind;
import io.jobsuite.model.dispatch.Dispatched;
import io.jobsuite.model.store.ClaimResult;
import io.jobsuite.model.store.ClaimedJob;
import io.jobsuite.model.store.JobClaims;
import io.jobsuite.model.store.JobProgress;
import io.jobsuite.model.store.JobTransitions;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import io.jobsuite.testsupport.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The API over real HTTP as the demo users, on MariaDB, with its SQS endpoint behind a
 * proxy the test can cut.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiIntegrationTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	static final TcpProxy sqsProxy = env.sqsProxy();

	static final JsonMapper json = ApiCalls.JSON;

	static final JobMessageCodec codec = new JobMessageCodec(JsonMapper.builder().build());

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
		registry.add("spring.cloud.aws.sqs.endpoint", () -> "http://127.0.0.1:" + sqsProxy.port());
		registry.add("jobs.outbox.relay-after", () -> "1s");
		registry.add("jobs.outbox.interval", () -> "500ms");
	}

	@AfterAll
	static void closeProxy() {
		sqsProxy.close();
	}

	@Test
	void syncNowAnswers202WithALocationAndQueuesAnExpressJob() throws Exception {
		long client = env.insertDueClients(1, "alice", null).get(0);

		HttpResponse<String> response = post("alice", "/api/clients/" + client + "/sync", null);

		assertThat(response.statusCode()).isEqualTo(202);
		JsonNode body = json.readTree(response.body());
		String jobId = body.get("jobId").asString();
		assertThat(response.headers().firstValue("Location")).contains("/api/jobs/" + jobId);
		assertThat(body.get("outcome").asString()).isEqualTo("CREATED");
		assertThat(body.get("queue").asString()).isEqualTo("EXPRESS");
		await().atMost(Duration.ofSeconds(5)).until(() -> env.messagesOn(env.queueUrl(QueueKind.EXPRESS)) >= 1);

		JsonNode job = json.readTree(get("alice", "/api/jobs/" + jobId).body());
		assertThat(job.get("type").asString()).isEqualTo("client-sync");
		assertThat(job.get("status").asString()).isEqualTo("QUEUED");
		assertThat(job.get("clientId").asLong()).isEqualTo(client);
		assertThat(job.get("attempts").asInt()).isZero();
	}

	@Test
	void syncNowForAClientWhoseScheduledSyncIsQueuedPromotesThatJobToExpress() throws Exception {
		long client = env.insertDueClients(1, "bob", null).get(0);
		UUID scheduled = env.dispatcher().dispatch(ClientSyncJobs.scheduled(client)).jobId();

		JsonNode first = json.readTree(post("bob", "/api/clients/" + client + "/sync", null).body());
		JsonNode second = json.readTree(post("bob", "/api/clients/" + client + "/sync", null).body());

		assertThat(first.get("jobId").asString()).isEqualTo(scheduled.toString());
		assertThat(first.get("outcome").asString()).isEqualTo("PROMOTED");
		assertThat(second.get("jobId").asString()).isEqualTo(scheduled.toString());
		assertThat(second.get("outcome").asString()).isEqualTo("EXISTING");
		assertThat(env.jdbc().queryForList("SELECT queue FROM jobs WHERE client_id = ?", String.class, client))
			.containsExactly("EXPRESS");
	}

	@Test
	void jobCommittedWhileTheQueueEndpointIsDownIsSentByTheRelayOnceItIsBack() throws Exception {
		long client = env.insertDueClients(1, "alice", null).get(0);
		sqsProxy.cut();
		String jobId;
		try {
			HttpResponse<String> response = post("alice", "/api/clients/" + client + "/sync", null);
			assertThat(response.statusCode()).isEqualTo(202);
			jobId = json.readTree(response.body()).get("jobId").asString();
			assertThat(env.jdbc().queryForObject("SELECT sent_at IS NULL FROM jobs WHERE id = ?", Boolean.class, jobId))
				.as("unsent while SQS is down")
				.isTrue();
		}
		finally {
			sqsProxy.restore();
		}
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(env.jdbc()
				.queryForObject("SELECT sent_at IS NOT NULL FROM jobs WHERE id = ?", Boolean.class, jobId)).isTrue());
		var messages = env.sqs()
			.receiveMessage(r -> r.queueUrl(env.queueUrl(QueueKind.EXPRESS)).maxNumberOfMessages(10))
			.messages();
		assertThat(messages).anyMatch(m -> m.body().contains(jobId));
	}

	@Test
	void genericEnqueueRunsAnyRegisteredTypeAndUniqueKeysAnswerWithTheActiveJob() throws Exception {
		String request = "{\"type\":\"noop\",\"payload\":{\"n\":1},\"priority\":\"high\",\"uniqueKey\":\"report-42\"}";

		JsonNode first = json.readTree(post("ops", "/api/jobs", request).body());
		JsonNode second = json.readTree(post("ops", "/api/jobs", request).body());

		assertThat(first.get("outcome").asString()).isEqualTo("CREATED");
		assertThat(first.get("queue").asString()).isEqualTo("EXPRESS");
		assertThat(second.get("outcome").asString()).isEqualTo("EXISTING");
		assertThat(second.get("jobId").asString()).isEqualTo(first.get("jobId").asString());
	}

	@Test
	void opsDispatchABatchAndReadItsStateAndACycleIsA400ProblemSayingWhere() throws Exception {
		String request = """
				{"name":"order 7","jobs":[
				  {"key":"reserve","type":"noop","payload":{"order":7}},
				  {"key":"email","type":"noop","payload":{"order":7}},
				  {"key":"invoice","type":"noop","payload":{"order":7},"after":["reserve","email"]}],
				 "onSuccess":{"type":"noop","payload":{"done":7}}}
				""";

		HttpResponse<String> accepted = post("ops", "/api/batches", request);
		assertThat(accepted.statusCode()).isEqualTo(202);
		JsonNode dispatched = json.readTree(accepted.body());
		String batch = dispatched.get("batchId").asString();
		assertThat(accepted.headers().firstValue("Location")).hasValue("/api/batches/" + batch);
		JsonNode state = json.readTree(new ApiCalls(port).get("ops", "/api/batches/" + batch).body());
		assertThat(state.get("state").asString()).isEqualTo("RUNNING");
		assertThat(state.get("counts").get("QUEUED").asInt()).isEqualTo(3);
		JsonNode invoice = null;
		for (JsonNode job : state.get("jobs")) {
			if (job.get("key").asString().equals("invoice")) {
				invoice = job;
			}
		}
		assertThat(invoice).isNotNull();
		assertThat(invoice.get("id").asString()).isEqualTo(dispatched.get("jobs").get("invoice").asString());
		assertThat(invoice.get("waitingFor").asInt()).isEqualTo(2);
		assertThat(invoice.get("after").toString()).isEqualTo("[\"email\",\"reserve\"]");
		assertThat(state.get("callbacks").get(0).get("on").asString()).isEqualTo("success");
		assertThat(state.get("callbacks").get(0).get("jobId").isNull()).isTrue();

		HttpResponse<String> cycle = post("ops", "/api/batches", """
				{"name":"loop","jobs":[{"key":"a","type":"noop","payload":{},"after":["b"]},
				                       {"key":"b","type":"noop","payload":{},"after":["a"]}]}
				""");
		assertThat(cycle.statusCode()).isEqualTo(400);
		assertThat(cycle.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(json.readTree(cycle.body()).get("detail").asString()).contains("cycle: a -> b -> a");
		assertThat(post("ops", "/api/batches",
				"{\"name\":\"x\",\"jobs\":[{\"key\":\"a\",\"type\":\"noop\"," + "\"payload\":{},\"after\":[\"zzz\"]}]}")
			.statusCode()).isEqualTo(400);
		assertThat(post("alice", "/api/batches", request).statusCode()).isEqualTo(403);
		assertThat(new ApiCalls(port).get("ops", "/api/batches/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
	}

	@Test
	void opsRetryEveryFailedJobWhoseErrorMatchesASearchAndNoOther() throws Exception {
		String marker = "source-" + UUID.randomUUID();
		List<String> matching = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			matching.add(env.dispatcher().dispatch(NewJob.of(JobTypes.NOOP, "{}")).jobId().toString());
		}
		String other = env.dispatcher().dispatch(NewJob.of(JobTypes.NOOP, "{}")).jobId().toString();
		for (String job : matching) {
			failed(job, "HTTP 503 from " + marker);
		}
		failed(other, "something else");

		HttpResponse<String> response = post("ops", "/api/admin/jobs/retry?error=" + marker, null);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json.readTree(response.body()).get("matched").asInt()).isEqualTo(2);
		assertThat(json.readTree(response.body()).get("retried").asInt()).isEqualTo(2);
		for (String job : matching) {
			assertThat(env.jdbc().queryForObject("SELECT status FROM jobs WHERE id = ?", String.class, job))
				.isEqualTo("QUEUED");
		}
		assertThat(env.jdbc().queryForObject("SELECT status FROM jobs WHERE id = ?", String.class, other))
			.isEqualTo("FAILED");
	}

	@Test
	void usersSeeAnErrorsClassAndMessageWithoutStackOrSqlAndOpsSeeItAll() throws Exception {
		long client = env.insertDueClients(1, "alice", null).get(0);
		String job = json.readTree(post("alice", "/api/clients/" + client + "/sync", null).body())
			.get("jobId")
			.asString();
		failed(job, "org.springframework.jdbc.BadSqlGrammarException: PreparedStatementCallback; bad SQL grammar "
				+ "[SELECT source_url FROM clients WHERE id = ?]\nat io.jobsuite.worker.sync.ClientSync.run(ClientSync.java:42)");
		String attempt = "INSERT INTO job_attempts (job_id, attempt, worker, started_at, finished_at, outcome, "
				+ "error_class, error_message, error_stack) VALUES (?, ?, 'w1', UTC_TIMESTAMP(3), UTC_TIMESTAMP(3), "
				+ "'FAILED', ?, ?, ?)";
		env.jdbc()
			.update(attempt, job, 1, "java.io.IOException", "HTTP 503 from the source\nits second line",
					"at io.jobsuite.worker.sync.ClientSync.fetch(ClientSync.java:7)\n");
		env.jdbc()
			.update(attempt, job, 2, "java.lang.IllegalStateException",
					"could not run [insert into client_records (client_id) values (?)]", "at x.Y.z(Y.java:1)\n");

		JsonNode asAlice = json.readTree(get("alice", "/api/jobs/" + job).body());
		JsonNode asOps = json.readTree(get("ops", "/api/jobs/" + job).body());
		String alicesPage = get("alice", "/jobs/" + job).body();

		assertThat(asAlice.get("lastError").asString())
			.isEqualTo("org.springframework.jdbc.BadSqlGrammarException: a database error (ops see its details)");
		assertThat(asAlice.at("/attemptHistory/0/errorClass").asString()).isEqualTo("java.io.IOException");
		assertThat(asAlice.at("/attemptHistory/0/errorMessage").asString()).isEqualTo("HTTP 503 from the source");
		assertThat(asAlice.at("/attemptHistory/1/errorMessage").asString())
			.isEqualTo("a database error (ops see its details)");
		assertThat(asAlice.toString()).doesNotContain("ClientSync.java", "Y.java", "source_url", "client_records");
		assertThat(alicesPage).contains("HTTP 503 from the source")
			.doesNotContain("ClientSync.java", "source_url", "client_records");
		assertThat(asOps.get("lastError").asString()).contains("SELECT source_url FROM clients", "ClientSync.java:42");
		assertThat(asOps.at("/attemptHistory/0/errorStack").asString()).contains("ClientSync.java:7");
		assertThat(asOps.at("/attemptHistory/1/errorMessage").asString()).contains("insert into client_records");
	}

	@Test
	void aJobShowsTheLastProgressItsAttemptReportedInTheApiAndAsABarOnItsPage() throws Exception {
		long client = env.insertDueClients(1, "alice", null).get(0);
		UUID job = env.dispatcher().dispatch(ClientSyncJobs.now(client)).jobId();
		assertThat(json.readTree(get("alice", "/api/jobs/" + job).body()).get("progress").isNull())
			.as("before any report")
			.isTrue();
		NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(env.dataSource());
		JobClaims claims = new JobClaims(jdbc,
				new JobTransitions(jdbc, new DataSourceTransactionManager(env.dataSource())));
		ClaimedJob claimed = ((ClaimResult.Won) claims.claim(List.of(job), "progress#1", Duration.ofMinutes(1), false)
			.get(job)).job();
		JobProgress progress = new JobProgress(jdbc);
		progress.report(claimed, 0.2, "Fetched page 2 of 10");
		progress.report(claimed, 0.4, "Fetched page 4 of 10 & <b>counting</b>");

		JsonNode view = json.readTree(get("alice", "/api/jobs/" + job).body());
		String page = get("alice", "/jobs/" + job).body();

		assertThat(view.at("/progress/fraction").asDouble()).isEqualTo(0.4);
		assertThat(view.at("/progress/message").asString()).isEqualTo("Fetched page 4 of 10 & <b>counting</b>");
		assertThat(view.at("/progress/reportedAt").asString()).isNotBlank();
		assertThat(page).contains("<progress id=\"progress\" max=\"100\" value=\"40\">")
			.contains("40 %: Fetched page 4 of 10 &amp; &lt;b&gt;counting&lt;/b&gt;");
	}

	/** Test setup: the job as a worker leaves it after its last attempt failed. */
	private static void failed(String job, String error) {
		env.jdbc()
			.update("UPDATE jobs SET status = 'FAILED', attempts = max_attempts, last_error = ?, "
					+ "finished_at = UTC_TIMESTAMP(3) WHERE id = ?", error, job);
	}

	@Test
	void badRequestsGetProblemJsonSayingWhatWasWrong() throws Exception {
		assertProblem(post("ops", "/api/jobs", "{\"type\":\"no-such\",\"payload\":{}}"), 400,
				"Unknown job type 'no-such'");
		assertProblem(post("ops", "/api/jobs", "{\"type\":\"project-build\",\"payload\":{}}"), 400,
				"needs a messageGroup");
		assertProblem(post("ops", "/api/jobs", "{\"type\":\"noop\",\"payload\":{},\"maxAttempts\":0}"), 400, null);
		assertProblem(post("ops", "/api/jobs", "{not json"), 400, null);
		assertProblem(post("ops", "/api/clients/999999999/sync", null), 404, "No client 999999999");
		assertProblem(get("ops", "/api/jobs/" + UUID.randomUUID()), 404, "No job");
	}

	private static void assertProblem(HttpResponse<String> response, int status, String detail) throws Exception {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		if (detail != null) {
			assertThat(problem.get("detail").asString()).contains(detail);
		}
	}

	@Test
	void redriveRetriesFailedJobsAndSendsTheMessageOfActiveOnesBackToItsQueue() throws Exception {
		List<UUID> jobs = env.dispatcher()
			.dispatchAll(
					List.of(NewJob.of(JobTypes.NOOP, "{\"redrive\":1}"), NewJob.of(JobTypes.NOOP, "{\"redrive\":2}")))
			.stream()
			.map(Dispatched::jobId)
			.toList();
		env.jdbc()
			.update("UPDATE jobs SET status = 'FAILED', attempts = max_attempts WHERE id = ?", jobs.get(0).toString());
		// Both jobs' bundle as the redrive policy would have moved it: no worker settled
		// it five times.
		String bundle = codec.write(jobs.stream().map(id -> JobMessage.of(id, JobTypes.NOOP.name(), null)).toList());
		env.sqs().sendMessage(r -> r.queueUrl(env.deadLetterUrl(QueueKind.STANDARD)).messageBody(bundle));

		HttpResponse<String> response = post("ops", "/api/admin/dead-letters/STANDARD/redrive", null);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json.readTree(response.body()).get("retried").asInt()).isEqualTo(2);
		assertThat(
				env.jdbc().queryForObject("SELECT status FROM jobs WHERE id = ?", String.class, jobs.get(0).toString()))
			.isEqualTo("QUEUED");
		List<String> standard = new ArrayList<>();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			env.sqs()
				.receiveMessage(r -> r.queueUrl(env.queueUrl(QueueKind.STANDARD)).maxNumberOfMessages(10))
				.messages()
				.forEach(m -> standard.add(m.body()));
			assertThat(standard).as("the still-queued job's message, back on its queue").contains(bundle);
		});
		assertThat(env.messagesOn(env.deadLetterUrl(QueueKind.STANDARD))).isZero();
	}

	private HttpResponse<String> post(String user, String path, String body) throws Exception {
		return new ApiCalls(port).post(user, path, body);
	}

	private HttpResponse<String> get(String user, String path) throws Exception {
		return new ApiCalls(port).get(user, path);
	}

}
