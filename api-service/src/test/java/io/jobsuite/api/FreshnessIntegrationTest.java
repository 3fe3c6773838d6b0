package io.jobsuite.api;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.jobsuite.api.freshness.Freshness;
import io.jobsuite.api.freshness.FreshnessSnapshot;
import io.jobsuite.model.JobTypes;
import io.jobsuite.model.NewJob;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import io.jobsuite.testsupport.MotoServer;
import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Clients made overdue on purpose (rows whose last sync is older than once and twice
 * their interval) show up in the freshness meters, on the admin overview and, exported as
 * in the {@code aws} profile, in moto's CloudWatch; waiting jobs and a recent finish rate
 * give the drain forecast.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FreshnessIntegrationTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	static final Optional<MotoServer> moto = startMoto();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
		// Polled by the test, not at random moments.
		registry.add("jobs.freshness.poll-interval", () -> "1h");
		registry.add("jobs.attempt-counts.interval", () -> "1h");
		registry.add("jobs.outbox.interval", () -> "1h");
		moto.ifPresent(server -> {
			registry.add("management.cloudwatch.metrics.export.enabled", () -> "true");
			registry.add("management.cloudwatch.metrics.export.namespace", () -> "JobSuite");
			registry.add("management.cloudwatch.metrics.export.step", () -> "1s");
			registry.add("spring.cloud.aws.cloudwatch.endpoint", () -> server.endpoint().toString());
		});
	}

	@LocalServerPort
	int port;

	@Autowired
	Freshness freshness;

	@Autowired
	MeterRegistry meters;

	@Autowired
	Optional<CloudWatchMeterRegistry> cloudWatchRegistry;

	static final JdbcTemplate jdbc = env.jdbc();

	/** After the context has migrated the schema. */
	@BeforeAll
	void overdueClientsWaitingJobsAndARecentRate() {
		insertClients(4, Duration.ofMinutes(5));
		insertClients(3, Duration.ofMinutes(90));
		insertClients(2, Duration.ofMinutes(180));
		// 600 jobs finished in the five whole minutes before the counting mark: 2 a
		// second.
		jdbc.update("UPDATE attempt_counts_mark SET counted_to = UTC_TIMESTAMP(3)");
		for (int minute = 1; minute <= 5; minute++) {
			jdbc.update("""
					INSERT INTO attempt_counts (minute_start, queue, type, outcome, attempts)
					SELECT DATE_FORMAT(counted_to - INTERVAL ? MINUTE, '%Y-%m-%d %H:%i:00'), 'STANDARD', 'noop', ?, ?
					FROM attempt_counts_mark
					""", minute, minute == 5 ? "FAILED" : "SUCCEEDED", 120);
		}
		// Counted neither in the rate (a retry) nor in the window (six minutes ago).
		jdbc.update(
				"""
						INSERT INTO attempt_counts (minute_start, queue, type, outcome, attempts)
						SELECT DATE_FORMAT(counted_to - INTERVAL 1 MINUTE, '%Y-%m-%d %H:%i:00'), 'STANDARD', 'noop', 'RETRYING', 500
						FROM attempt_counts_mark UNION ALL
						SELECT DATE_FORMAT(counted_to - INTERVAL 6 MINUTE, '%Y-%m-%d %H:%i:00'), 'STANDARD', 'noop', 'SUCCEEDED', 500
						FROM attempt_counts_mark
						""");
		env.dispatcher().dispatchAll(IntStream.range(0, 30).mapToObj(i -> NewJob.of(JobTypes.NOOP, "{}")).toList());
	}

	@AfterAll
	static void stopMoto() {
		moto.ifPresent(MotoServer::close);
	}

	@Test
	void overdueClientsShowInTheMetersAndOnTheOverview() throws Exception {
		FreshnessSnapshot read = freshness.poll();

		assertThat(read.overdue()).isEqualTo(5);
		assertThat(read.twiceOverdue()).isEqualTo(2);
		assertThat(read.sampled()).isEqualTo(9);
		// Nearest rank of nine: the 5th (90 min) and the 9th (180 min).
		assertThat(read.stalenessP50Seconds()).isCloseTo(90 * 60, within(30.0));
		assertThat(read.stalenessP99Seconds()).isCloseTo(180 * 60, within(30.0));
		assertThat(read.backlog()).isEqualTo(30);
		assertThat(read.finishedPerSecond()).isEqualTo(2.0);
		assertThat(read.drainSeconds()).isEqualTo(15.0);

		assertThat(meters.get("jobs.clients.overdue").tag("factor", "1x").gauge().value()).isEqualTo(5);
		assertThat(meters.get("jobs.clients.overdue").tag("factor", "2x").gauge().value()).isEqualTo(2);
		assertThat(meters.get("jobs.clients.staleness").tag("quantile", "0.99").timeGauge().value(TimeUnit.SECONDS))
			.isCloseTo(180 * 60, within(30.0));
		assertThat(meters.get("jobs.backlog.drain.forecast").timeGauge().value(TimeUnit.SECONDS)).isEqualTo(15.0);
		assertThat(meters.get("jobs.backlog.drain.ratio").gauge().value()).isEqualTo(15.0 / 900);

		HttpResponse<String> page = new ApiCalls(port).get("ops", "/admin");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<td id=\"freshness-overdue\">5</td>")
			.contains("<td id=\"freshness-overdue-2x\">2</td>")
			.contains("<td id=\"freshness-backlog\">30</td>")
			.contains("<td id=\"freshness-drain\">15 s</td>");
	}

	@Test
	void freshnessMetersReachCloudWatch() {
		Assumptions.assumeTrue(moto.isPresent(), "moto_server is not on the PATH: CloudWatch export not checked");
		freshness.poll();
		try (CloudWatchClient cloudWatch = cloudWatch()) {
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				Metric twice = cloudWatch.listMetricsPaginator(r -> r.namespace("JobSuite"))
					.metrics()
					.stream()
					.filter(metric -> metric.metricName().startsWith("jobs.clients.overdue")
							&& "2x".equals(dimensions(metric).get("factor")))
					.findFirst()
					// An AssertionError, so that the await tries again until the export
					// came.
					.orElseThrow(() -> new AssertionError("no jobs.clients.overdue{factor=2x} in CloudWatch yet"));
				List<Datapoint> points = cloudWatch
					.getMetricStatistics(r -> r.namespace("JobSuite")
						.metricName(twice.metricName())
						.dimensions(twice.dimensions())
						.startTime(Instant.now().minusSeconds(300))
						.endTime(Instant.now().plusSeconds(60))
						.period(60)
						.statistics(Statistic.MAXIMUM))
					.datapoints();
				assertThat(points).extracting(Datapoint::maximum).contains(2.0);
				assertThat(cloudWatch.listMetricsPaginator(r -> r.namespace("JobSuite")).metrics().stream())
					.extracting(Metric::metricName)
					.anyMatch(name -> name.startsWith("jobs.clients.staleness"))
					.anyMatch(name -> name.startsWith("jobs.backlog.drain.ratio"));
			});
		}
		finally {
			// The registry must not outlive moto, which stops after the class.
			cloudWatchRegistry.ifPresent(CloudWatchMeterRegistry::close);
		}
	}

	private static void insertClients(int count, Duration sinceLastSync) {
		for (long id : env.insertDueClients(count, "alice", null)) {
			jdbc.update("UPDATE clients SET last_synced_at = UTC_TIMESTAMP(3) - INTERVAL ? SECOND WHERE id = ?",
					sinceLastSync.toSeconds(), id);
		}
	}

	private CloudWatchClient cloudWatch() {
		return CloudWatchClient.builder()
			.endpointOverride(moto.orElseThrow().endpoint())
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
			.build();
	}

	private static Map<String, String> dimensions(Metric metric) {
		return metric.dimensions().stream().collect(Collectors.toMap(Dimension::name, Dimension::value, (a, b) -> a));
	}

	private static Optional<MotoServer> startMoto() {
		return MotoServer.executable().map(executable -> {
			try {
				return MotoServer.start(executable, Path.of(System.getProperty("java.io.tmpdir"),
						"moto-freshness-" + ProcessHandle.current().pid() + ".log"));
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

}
