package io.jobsuite.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

import com.zaxxer.hikari.HikariDataSource;
import io.awspring.cloud.sqs.listener.MessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import io.jobsuite.model.Utc;
import io.jobsuite.model.dispatch.JobDispatcher;
import io.jobsuite.testsupport.RecordSourceServer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Sync Now under a backlog: {@code backlog} no-op jobs are dispatched to the standard
 * queue while the worker drains it, then {@code syncNow} requests go through the HTTP
 * API, spread evenly over the rest of the drain. A request's clock starts just before it
 * is sent; the job's started_at and finished_at (written by the worker, same clock) give
 * accept -> handler start and accept -> SUCCEEDED.
 */
final class SyncNowBench implements AutoCloseable {

	/** Requests land within this share of the expected drain, so each meets a backlog. */
	private static final double SPREAD_SHARE = 0.7;

	private static final Duration LIMIT = Duration.ofMinutes(10);

	/**
	 * The API's local demo user (HTTP Basic outside AWS); the benchmark's clients are
	 * hers.
	 */
	private static final String USER = "alice";

	private static final String AUTHORIZATION = "Basic "
			+ Base64.getEncoder().encodeToString((USER + ":" + USER).getBytes(StandardCharsets.UTF_8));

	/**
	 * One run's latencies in milliseconds, and the backlog the requests met.
	 *
	 * @param toStart accept -> handler start, per request
	 * @param toSucceeded accept -> SUCCEEDED, per request
	 * @param backlogAtFirst standard jobs not yet succeeded when the first request went
	 * out
	 * @param backlogAtLast the same when the last request went out
	 */
	record Run(List<Double> toStart, List<Double> toSucceeded, long backlogAtFirst, long backlogAtLast) {
	}

	private final World world;

	private final BenchSettings settings;

	private final RecordSourceServer source = RecordSourceServer.start(10);

	private final HikariDataSource pool;

	private final JobDispatcher dispatcher;

	private final ConfigurableApplicationContext worker;

	private final ConfigurableApplicationContext api;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final JsonMapper json = JsonMapper.builder().build();

	private final List<Long> clients;

	SyncNowBench(World world, BenchSettings settings) {
		this.world = world;
		this.settings = settings;
		this.pool = world.pool("bench-backlog");
		this.dispatcher = world.dispatcher(pool);
		this.worker = Services.worker(world.serviceArguments());
		this.api = Services.api(world.serviceArguments());
		this.clients = world.env().insertDueClients(settings.syncNow(), USER, source);
	}

	/** A run with a backlog of {@code backlog} jobs (the warm-up uses a smaller one). */
	Run run(int backlog) {
		world.truncateJobs();
		JdbcTemplate jdbc = world.jdbc();
		// The backlog is all queued before the worker sees it: its standard consumers are
		// paused meanwhile,
		// since they would otherwise drain the queue as fast as it is filled.
		MessageListenerContainer<?> standard = worker.getBean(MessageListenerContainerRegistry.class)
			.getContainerById("standard");
		standard.stop();
		long dispatchStart = System.nanoTime();
		JobSuiteContender.dispatchNoops(dispatcher, backlog);
		double dispatchSeconds = (System.nanoTime() - dispatchStart) / 1e9;
		standard.start();
		long left = backlogLeft(jdbc);
		long sampleStart = System.nanoTime();
		LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
		double rate = Math.max(1, (left - backlogLeft(jdbc)) / ((System.nanoTime() - sampleStart) / 1e9));
		left = backlogLeft(jdbc);
		double spreadSeconds = left / rate * SPREAD_SHARE;
		Report.progress(
				"Sync Now: %,d jobs dispatched in %.1f s; %,d left, draining at %,.0f/s; %d requests over %.1f s",
				backlog, dispatchSeconds, left, rate, clients.size(), spreadSeconds);
		long intervalNanos = (long) (spreadSeconds * 1e9 / clients.size());
		Map<String, Instant> acceptedAt = new HashMap<>();
		List<CompletableFuture<Void>> requests = new ArrayList<>();
		long backlogAtFirst = backlogLeft(jdbc);
		long start = System.nanoTime();
		for (int i = 0; i < clients.size(); i++) {
			LockSupport.parkNanos(start + i * intervalNanos - System.nanoTime());
			Instant sent = Instant.now();
			HttpRequest request = HttpRequest
				.newBuilder(URI.create(baseUrl() + "/api/clients/" + clients.get(i) + "/sync"))
				.header("Authorization", AUTHORIZATION)
				.POST(HttpRequest.BodyPublishers.noBody())
				.build();
			requests.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
				// A kept-alive connection the server closed meanwhile fails the send;
				// Sync Now is idempotent
				// per client (the unique key answers with the same job), so send again,
				// clock still running.
				.exceptionallyCompose(error -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
				.thenAccept(response -> {
					if (response.statusCode() != 202) {
						throw new IllegalStateException(
								"Sync Now answered " + response.statusCode() + ": " + response.body());
					}
					synchronized (acceptedAt) {
						acceptedAt.put(json.readTree(response.body()).get("jobId").asString(), sent);
					}
				}));
		}
		long backlogAtLast = backlogLeft(jdbc);
		CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).join();
		awaitAllSucceeded(backlog + clients.size());
		List<Double> toStart = new ArrayList<>();
		List<Double> toSucceeded = new ArrayList<>();
		new NamedParameterJdbcTemplate(jdbc).query("SELECT id, started_at, finished_at FROM jobs WHERE id IN (:ids)",
				Map.of("ids", acceptedAt.keySet()), rs -> {
					Instant sent = acceptedAt.get(rs.getString("id"));
					toStart.add(millisBetween(sent, Utc.instant(rs, "started_at")));
					toSucceeded.add(millisBetween(sent, Utc.instant(rs, "finished_at")));
				});
		if (toStart.size() != clients.size()) {
			throw new IllegalStateException("Found " + toStart.size() + " of " + clients.size() + " Sync Now jobs");
		}
		return new Run(toStart, toSucceeded, backlogAtFirst, backlogAtLast);
	}

	private String baseUrl() {
		return "http://127.0.0.1:" + api.getEnvironment().getProperty("local.server.port");
	}

	private static long backlogLeft(JdbcTemplate jdbc) {
		// The active statuses, not "not SUCCEEDED": an index range that a history of
		// finished jobs does not lengthen.
		return jdbc.queryForObject(
				"SELECT COUNT(*) FROM jobs WHERE status IN ('QUEUED', 'RUNNING', 'RETRYING') AND queue = 'STANDARD'",
				Long.class);
	}

	private void awaitAllSucceeded(long expected) {
		long deadline = System.nanoTime() + LIMIT.toNanos();
		while (world.succeeded() < expected) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Only " + world.succeeded() + " of " + expected + " jobs succeeded");
			}
			LockSupport.parkNanos(ThroughputBench.POLL.toNanos());
		}
	}

	private static double millisBetween(Instant from, Instant to) {
		return Duration.between(from, to).toNanos() / 1e6;
	}

	@Override
	public void close() {
		api.close();
		worker.close();
		pool.close();
		source.close();
	}

}
