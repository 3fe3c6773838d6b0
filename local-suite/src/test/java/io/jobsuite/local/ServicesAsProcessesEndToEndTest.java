package io.jobsuite.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.jobsuite.model.ClientSyncJobs;
import io.jobsuite.model.NewJob;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import io.jobsuite.testsupport.RecordSourceServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The services as production runs them, each its own JVM from its jar: three schedulers,
 * two workers and the API, on MariaDB and the SQS protocol (ElasticMQ). Service logs:
 * local-suite/target/e2e-logs/.
 */
class ServicesAsProcessesEndToEndTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	static final RecordSourceServer fastSource = RecordSourceServer.start(3);

	static final RecordSourceServer slowSource = RecordSourceServer.start(3, Duration.ofMillis(100));

	static ServiceProcesses services;

	static int apiPort;

	@BeforeAll
	static void startServices() throws Exception {
		apiPort = freePort();
		services = new ServiceProcesses(LocalSuite.findRepositoryRoot(), environmentOf(env),
				Path.of("target", "e2e-logs"));
		// The API first: it migrates the schema before the others look at it.
		services.start("api-service", Map.of("PORT", Integer.toString(apiPort)));
		services.awaitHealthy("http://127.0.0.1:" + apiPort + "/actuator/health", Duration.ofMinutes(4));
		for (int i = 0; i < 2; i++) {
			services.start("worker-service", Map.of("PORT", Integer.toString(freePort())));
		}
		for (int i = 0; i < 3; i++) {
			services.start("scheduler-service", Map.of("PORT", Integer.toString(freePort())));
		}
	}

	@AfterAll
	static void stopServices() throws Exception {
		services.close();
		fastSource.close();
		slowSource.close();
	}

	@Test
	void threeSchedulersScanTenThousandDueClientsIntoExactlyOneJobEachAndEveryJobRunsOnce() {
		List<Long> clients = env.insertDueClients(10_000, "alice", fastSource);

		await().atMost(Duration.ofMinutes(5))
			.pollInterval(Duration.ofSeconds(2))
			.until(() -> env.jdbc()
				.queryForObject("SELECT COUNT(*) FROM jobs WHERE client_id BETWEEN ? AND ? AND status = 'SUCCEEDED'",
						Integer.class, clients.get(0), clients.get(clients.size() - 1)) == 10_000);

		Map<String, Object> jobs = env.jdbc().queryForMap("""
				SELECT COUNT(*) AS jobs, COUNT(DISTINCT client_id) AS clients, MAX(attempts) AS max_attempts
				FROM jobs WHERE client_id BETWEEN ? AND ?
				""", clients.get(0), clients.get(clients.size() - 1));
		assertThat(((Number) jobs.get("jobs")).intValue()).as("sync jobs").isEqualTo(10_000);
		assertThat(((Number) jobs.get("clients")).intValue()).as("clients with a job").isEqualTo(10_000);
		assertThat(((Number) jobs.get("max_attempts")).intValue()).as("attempts of any job").isEqualTo(1);
		assertThat(fastSource.totalRequests()).as("syncs that ran (source fetches)").isEqualTo(10_000);
		assertThat(fastSource.maxRequestsPerClient()).as("runs of any one client's sync").isEqualTo(1);
		assertThat(env.jdbc().queryForObject("SELECT COUNT(DISTINCT worker) FROM job_attempts", Integer.class))
			.as("workers that ran jobs")
			.isEqualTo(2);
	}

	@Test
	void syncNowStartsBeforeAStandardBacklogOfFiveThousandDrains() throws Exception {
		List<Long> backlogClients = env.insertDueClients(5_000, "bob", slowSource);
		long expressClient = env.insertDueClients(1, "alice", slowSource).get(0);
		env.jdbc()
			.update("UPDATE clients SET next_due_at = UTC_TIMESTAMP(3) + INTERVAL 1 DAY WHERE id >= ?",
					backlogClients.get(0));
		List<NewJob> backlog = new ArrayList<>();
		backlogClients.forEach(client -> backlog.add(ClientSyncJobs.scheduled(client)));
		env.dispatcher().dispatchAll(backlog);
		await().atMost(Duration.ofSeconds(30)).until(() -> countBacklog("status = 'SUCCEEDED'", backlogClients) >= 50);

		Instant accepted = Instant.now();
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/api/clients/" + expressClient + "/sync"))
				.header("Authorization", basic("alice", "alice"))
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(202);

		await().atMost(Duration.ofSeconds(30))
			.until(() -> env.jdbc()
				.queryForObject("SELECT COUNT(*) FROM jobs WHERE client_id = ? AND status = 'SUCCEEDED'", Integer.class,
						expressClient) == 1);
		LocalDateTime started = env.jdbc()
			.queryForObject("SELECT started_at FROM jobs WHERE client_id = ?", LocalDateTime.class, expressClient);
		int backlogDoneAtStart = env.jdbc()
			.queryForObject("SELECT COUNT(*) FROM jobs WHERE client_id BETWEEN ? AND ? AND finished_at <= ?",
					Integer.class, backlogClients.get(0), backlogClients.get(backlogClients.size() - 1), started);
		long startMillis = Duration.between(accepted, started.toInstant(ZoneOffset.UTC)).toMillis();
		System.out.printf(
				"Sync Now started %d ms after it was accepted, when %d of 5,000 backlogged jobs had finished%n",
				startMillis, backlogDoneAtStart);
		assertThat(backlogDoneAtStart).as("backlog finished when Sync Now started").isLessThan(2_500);
		assertThat(countBacklog("status <> 'SUCCEEDED'", backlogClients)).as("backlog still pending after Sync Now ran")
			.isGreaterThan(0);
	}

	private static int countBacklog(String condition, List<Long> clients) {
		return env.jdbc()
			.queryForObject("SELECT COUNT(*) FROM jobs WHERE client_id BETWEEN ? AND ? AND " + condition, Integer.class,
					clients.get(0), clients.get(clients.size() - 1));
	}

	/** What the services need to share this test's database and queues. */
	static Map<String, String> environmentOf(JobSuiteEnvironment env) {
		return Map.of("DB_URL", env.jdbcUrl(), "DB_USERNAME", "root", "DB_PASSWORD", "", "SQS_ENDPOINT",
				env.sqsEndpoint(), "JOBS_QUEUES_EXPRESS", env.queues().express(), "JOBS_QUEUES_STANDARD",
				env.queues().standard(), "JOBS_QUEUES_FIFO", env.queues().fifo(), "JOBS_SCAN_CRON", "*/2 * * * * *");
	}

	static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
