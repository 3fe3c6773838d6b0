package io.jobsuite.worker;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.jobsuite.model.JobTypes;
import io.jobsuite.model.NewJob;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Metric;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker's job meters reach CloudWatch: export switched on as in the {@code aws}
 * profile, pointed at a moto_server started for this class, and the metrics read back
 * through the CloudWatch API with their dimensions. Needs {@code moto_server} on the PATH
 * (skipped otherwise).
 */
@SpringBootTest
@DirtiesContext
class CloudWatchExportTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	static final Moto moto = Moto.start();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
		registry.add("management.cloudwatch.metrics.export.enabled", () -> "true");
		registry.add("management.cloudwatch.metrics.export.namespace", () -> "JobSuite");
		registry.add("management.cloudwatch.metrics.export.step", () -> "1s");
		registry.add("spring.cloud.aws.cloudwatch.endpoint", moto::endpoint);
	}

	@Autowired
	CloudWatchMeterRegistry cloudWatchRegistry;

	/**
	 * Publishes the last step and stops: the registry must not outlive moto, which stops
	 * after the class.
	 */
	@AfterEach
	void stopPublishing() {
		cloudWatchRegistry.close();
	}

	@AfterAll
	static void stopMoto() {
		moto.close();
	}

	@Test
	void jobMetersArePublishedToCloudWatchWithQueueTypeAndOutcomeDimensions() {
		UUID job = env.dispatcher().dispatch(NewJob.of(JobTypes.NOOP, "{}")).jobId();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> env.jdbc()
				.queryForObject("SELECT status FROM jobs WHERE id = ?", String.class, job.toString()),
					"SUCCEEDED"::equals);

		try (CloudWatchClient cloudWatch = moto.cloudWatch()) {
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				List<Metric> metrics = cloudWatch.listMetricsPaginator(r -> r.namespace("JobSuite"))
					.metrics()
					.stream()
					.toList();
				assertThat(metrics).anySatisfy(metric -> {
					assertThat(metric.metricName()).isEqualTo("jobs.completed.count");
					assertThat(dimensions(metric)).containsEntry("queue", "standard")
						.containsEntry("type", "noop")
						.containsEntry("outcome", "succeeded");
				});
				assertThat(metrics).anySatisfy(metric -> {
					assertThat(metric.metricName()).startsWith("jobs.duration");
					assertThat(dimensions(metric)).containsEntry("queue", "standard").containsEntry("type", "noop");
				});
				assertThat(metrics).anySatisfy(metric -> {
					assertThat(metric.metricName()).startsWith("jobs.queue.wait");
					assertThat(dimensions(metric)).containsEntry("type", "noop");
				});
				assertThat(metrics).anySatisfy(metric -> {
					assertThat(metric.metricName()).isEqualTo("jobs.started.count");
					assertThat(dimensions(metric)).containsEntry("queue", "standard").containsEntry("type", "noop");
				});
			});
		}
	}

	private static Map<String, String> dimensions(Metric metric) {
		return metric.dimensions().stream().collect(Collectors.toMap(Dimension::name, Dimension::value, (a, b) -> a));
	}

	/** A moto_server on a free loopback port, stopped by its process handle. */
	record Moto(Process process, int port) implements AutoCloseable {

		static Moto start() {
			Assumptions.assumeTrue(onPath("moto_server"),
					"moto_server is not on the PATH: CloudWatch export not checked");
			int port = freePort();
			try {
				Process process = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
					.redirectErrorStream(true)
					.redirectOutput(new File(System.getProperty("java.io.tmpdir"), "moto-" + port + ".log"))
					.start();
				Moto moto = new Moto(process, port);
				await().atMost(Duration.ofSeconds(30)).until(moto::accepting);
				return moto;
			}
			catch (IOException ex) {
				throw new IllegalStateException("Cannot start moto_server", ex);
			}
		}

		String endpoint() {
			return "http://127.0.0.1:" + port;
		}

		CloudWatchClient cloudWatch() {
			return CloudWatchClient.builder()
				.endpointOverride(URI.create(endpoint()))
				.region(Region.US_EAST_1)
				.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
				.build();
		}

		boolean accepting() {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
				return true;
			}
			catch (IOException ex) {
				return false;
			}
		}

		@Override
		public void close() {
			process.destroy();
		}

		private static boolean onPath(String command) {
			return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
				.anyMatch(dir -> new File(dir, command).canExecute());
		}

		private static int freePort() {
			try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				return socket.getLocalPort();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
