package io.jobsuite.worker.limit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.jobsuite.model.ClientSyncJobs;
import io.jobsuite.model.NewJob;
import io.jobsuite.model.dispatch.JobDispatcher;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import io.jobsuite.testsupport.RecordSourceServer;
import io.jobsuite.worker.WorkerApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A source host that throttles, synced by three workers (three Spring contexts in this
 * JVM, each with the shipped application.yml, sharing one database and one queue): the
 * host's limit, shared by the three, bounds the requests it sees at once; its 429s and
 * their Retry-After slow the suite down within seconds; and no job fails or spends an
 * attempt because of them.
 */
class UpstreamLimitsIntegrationTest {

	static final int LIMIT = 4;

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	static final RecordSourceServer source = RecordSourceServer.start(3, Duration.ofMillis(200));

	static final List<ConfigurableApplicationContext> workers = new ArrayList<>();

	@BeforeAll
	static void startWorkers() {
		for (int i = 0; i < 3; i++) {
			List<String> args = new ArrayList<>();
			env.register((name, value) -> args.add("--" + name + "=" + value.get()));
			args.add("--jobs.worker.lease=" + JobSuiteEnvironment.VISIBILITY);
			args.add("--jobs.worker.id=limits-" + i);
			// The source's host is 127.0.0.1: its own max, below what the three workers'
			// threads could send.
			args.add("--jobs.limits.upstream.hosts[127.0.0.1]=" + LIMIT);
			workers.add(new SpringApplicationBuilder(WorkerApplication.class).run(args.toArray(String[]::new)));
		}
	}

	@AfterAll
	static void stop() {
		workers.forEach(ConfigurableApplicationContext::close);
		source.close();
	}

	@Test
	void aThrottlingSourceSlowsTheSuiteDownAndNoJobFailsOrSpendsAnAttempt() {
		// Under load: a fourth request at once is answered 429, Retry-After 1 s.
		source.throttleAbove(LIMIT - 1, Duration.ofSeconds(1));
		List<Long> clients = env.insertDueClients(100, "limits", source);
		JobDispatcher dispatcher = env.dispatcher();
		List<NewJob> jobs = clients.stream().map(client -> ClientSyncJobs.scheduled(client)).toList();
		dispatcher.dispatchAll(jobs);
		await().atMost(Duration.ofSeconds(120)).until(() -> succeeded() >= 20);
		assertThat(source.throttled()).as("429s answered while the limit came down").isPositive();
		// The limit came down (it may have climbed back by now: successes raise it).
		assertThat(env.jdbc()
			.queryForObject("SELECT decreased_at IS NOT NULL AND recent_throttles > 0 FROM concurrency_limits "
					+ "WHERE limit_key = 'upstream:127.0.0.1'", Boolean.class))
			.as("the host's limit lowered by its 429s")
			.isTrue();

		// Overloaded: every request is answered 429, Retry-After 3 s.
		long before = requestsInLast(Duration.ofSeconds(2));
		long throttledFrom = System.nanoTime();
		source.throttleAbove(0, Duration.ofSeconds(3));
		await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> true);
		long during = requestsBetween(throttledFrom + TimeUnit.SECONDS.toNanos(1),
				throttledFrom + TimeUnit.SECONDS.toNanos(5));
		System.out.printf("Requests per second: %.1f before the overload, %.1f from 1 s to 5 s into it%n", before / 2.0,
				during / 4.0);
		assertThat(before).as("requests in the 2 s before the overload").isPositive();
		assertThat(during / 4.0).as("requests per second once the source answers 429 to all")
			.isLessThan(before / 2.0 / 2);

		source.recover();
		await().atMost(Duration.ofSeconds(240)).until(() -> succeeded() == clients.size());
		Map<String, Object> totals = env.jdbc()
			.queryForMap("SELECT SUM(status = 'FAILED') AS failed, MAX(attempts) AS attempts FROM jobs");
		assertThat(((Number) totals.get("failed")).intValue()).as("jobs FAILED").isZero();
		assertThat(((Number) totals.get("attempts")).intValue()).as("the most attempts any job spent").isEqualTo(1);
		System.out.printf("Source: %d requests answered, %d answered 429, at most %d at once (limit %d)%n",
				source.totalRequests(), source.throttled(), source.maxConcurrent(), LIMIT);
		assertThat(source.maxConcurrent()).as("requests the source saw at once, three workers")
			.isLessThanOrEqualTo(LIMIT);
		assertThat(env.jdbc()
			.queryForObject("SELECT COUNT(*) FROM concurrency_permits WHERE holder IS NOT NULL", Integer.class))
			.as("permits still held once every job ended")
			.isZero();
	}

	static int succeeded() {
		return env.jdbc().queryForObject("SELECT COUNT(*) FROM jobs WHERE status = 'SUCCEEDED'", Integer.class);
	}

	static long requestsInLast(Duration window) {
		long now = System.nanoTime();
		return requestsBetween(now - window.toNanos(), now);
	}

	static long requestsBetween(long from, long to) {
		return source.arrivals().stream().filter(at -> at >= from && at < to).count();
	}

}
