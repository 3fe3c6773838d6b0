package io.jobsuite.fault;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.jobsuite.testsupport.JobSuiteEnvironment;

import static org.awaitility.Awaitility.await;

/**
 * A worker as its own JVM: the executable jar worker-service builds, pointed at a test
 * environment's database and queues (or at proxies in front of them), its log in
 * {@code target/workers/<name>.log}. {@link #terminate()} sends SIGTERM, {@link #kill()}
 * SIGKILL.
 */
final class WorkerProcess {

	private static final Path LOGS = Path.of("target", "workers");

	private static final String MAIN_CLASS = "io.jobsuite.worker.WorkerApplication";

	private final String name;

	private final Process process;

	private final Path log;

	private volatile Instant endedAt;

	private volatile boolean started;

	private WorkerProcess(String name, Process process, Path log) {
		this.name = name;
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts a worker with the configuration the jar ships; {@code settings} are the
	 * scenario's overrides of worker properties ({@code jobs.worker.lease=5s}, …), if
	 * any.
	 */
	static WorkerProcess start(String name, JobSuiteEnvironment env, String jdbcUrl, String sqsEndpoint,
			Map<String, String> settings) {
		return start(name, env, jdbcUrl, sqsEndpoint, settings, Map.of());
	}

	/**
	 * {@link #start(String, JobSuiteEnvironment, String, String, Map)} with environment
	 * variables for the process ({@code LD_PRELOAD} of libfaketime, to skew its clock).
	 */
	static WorkerProcess start(String name, JobSuiteEnvironment env, String jdbcUrl, String sqsEndpoint,
			Map<String, String> settings, Map<String, String> environment) {
		App app = App.get(env);
		List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx256m", "-XX:+UseSerialGC",
				"-XX:TieredStopAtLevel=1", "-XX:SharedArchiveFile=" + app.archive(), "-Xlog:cds=off", "-cp",
				app.classPath(), MAIN_CLASS, "--spring.datasource.url=" + jdbcUrl, "--spring.datasource.username=root",
				"--spring.datasource.password=", "--spring.cloud.aws.sqs.endpoint=" + sqsEndpoint,
				"--spring.cloud.aws.region.static=us-east-1", "--spring.cloud.aws.credentials.access-key=local",
				"--spring.cloud.aws.credentials.secret-key=local", "--jobs.queues.express=" + env.queues().express(),
				"--jobs.queues.standard=" + env.queues().standard(), "--jobs.queues.fifo=" + env.queues().fifo(),
				"--jobs.worker.id=" + name));
		settings.forEach((key, value) -> command.add("--" + key + "=" + value));
		return launch(name, command, environment);
	}

	private static WorkerProcess launch(String name, List<String> command, Map<String, String> environment) {
		try {
			Files.createDirectories(LOGS);
			Path log = LOGS.resolve(name + ".log");
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
			builder.environment().putAll(environment);
			Process process = builder.start();
			return new WorkerProcess(name, process, log);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start worker " + name, ex);
		}
	}

	/**
	 * Waits until the worker's Spring context has started (its listeners are polling).
	 */
	WorkerProcess awaitStarted() {
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
			if (!process.isAlive()) {
				throw new IllegalStateException(
						"Worker " + name + " exited with " + process.exitValue() + "; see " + log);
			}
			return started();
		});
		return this;
	}

	/** Whether the worker's Spring context has started (its listeners are polling). */
	boolean started() {
		if (!started) {
			started = logText().contains("Started WorkerApplication");
		}
		return started;
	}

	/**
	 * How far this worker's clock is ahead of the real one: the time its newest log line
	 * carries against the time the file system (the kernel's clock) gave the write.
	 */
	long clockSkewSeconds() {
		try {
			String last = logText().lines()
				.filter(line -> line.contains("\"@timestamp\":\""))
				.reduce((first, second) -> second)
				.orElseThrow();
			int at = last.indexOf("\"@timestamp\":\"") + "\"@timestamp\":\"".length();
			Instant logged = Instant.parse(last.substring(at, last.indexOf('"', at)));
			return Duration.between(Files.getLastModifiedTime(log).toInstant(), logged).toSeconds();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	String name() {
		return name;
	}

	boolean alive() {
		return process.isAlive();
	}

	/**
	 * kill -9: no shutdown hook, no release; what it held must come back through lease
	 * expiry.
	 */
	Instant kill() {
		process.destroyForcibly();
		endedAt = Instant.now();
		waitFor(Duration.ofSeconds(10));
		return endedAt;
	}

	/**
	 * SIGTERM, then waits for the process to exit; answers how long the graceful shutdown
	 * took.
	 */
	Duration terminate(Duration atMost) {
		Instant start = Instant.now();
		process.destroy();
		waitFor(atMost);
		endedAt = Instant.now();
		return Duration.between(start, endedAt);
	}

	Instant endedAt() {
		return endedAt;
	}

	int exitValue() {
		return process.exitValue();
	}

	String logText() {
		try {
			return Files.readString(log);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void waitFor(Duration atMost) {
		try {
			if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				process.waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	/**
	 * The worker jar extracted (Spring Boot's {@code jarmode=tools extract}) with a
	 * class-data-sharing archive from one training start: on two cores a worker then
	 * starts in about half the CPU time, which is what makes twenty kill-and-restart
	 * cycles affordable. The fault probe (its job type and handler, this suite's test
	 * code) goes on the class path beside it as a jar of its own: the worker finds the
	 * type through {@code JobTypeProvider} and the handler as an auto-configuration.
	 */
	private record App(Path jar, Path probe, Path archive) {

		private static App instance;

		static synchronized App get(JobSuiteEnvironment env) {
			if (instance == null) {
				instance = extractAndTrain(env);
			}
			return instance;
		}

		String classPath() {
			return jar + File.pathSeparator + probe;
		}

		private static App extractAndTrain(JobSuiteEnvironment env) {
			Path directory = Path.of("target", "worker-app").toAbsolutePath();
			Path archive = directory.resolve("worker.jsa");
			Path jar = directory.resolve(workerJar().getFileName());
			run(List.of(javaExecutable(), "-Djarmode=tools", "-jar", workerJar().toString(), "extract", "--force",
					"--destination", directory.toString()));
			App app = new App(jar, FaultProbeJar.write(directory.resolve("fault-probe.jar")), archive);
			// Exits once the context is refreshed, before the listeners start: nothing is
			// consumed.
			run(List.of(javaExecutable(), "-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off",
					"-Dspring.context.exit=onRefresh", "-cp", app.classPath(), MAIN_CLASS,
					"--spring.datasource.url=" + env.jdbcUrl(), "--spring.datasource.username=root",
					"--spring.datasource.password=", "--spring.cloud.aws.sqs.endpoint=" + env.sqsEndpoint(),
					"--spring.cloud.aws.region.static=us-east-1"));
			return app;
		}

		private static void run(List<String> command) {
			try {
				Files.createDirectories(LOGS);
				Process process = new ProcessBuilder(command).redirectErrorStream(true)
					.redirectOutput(LOGS.resolve("prepare.log").toFile())
					.start();
				if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
					throw new IllegalStateException("Failed: " + command + "; see " + LOGS.resolve("prepare.log"));
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

	private static Path workerJar() {
		File directory = new File(System.getProperty("fault.workerJarDirectory", "../worker-service/target"));
		File[] jars = directory
			.listFiles((dir, file) -> file.startsWith("worker-service-") && file.endsWith("-exec.jar"));
		if (jars == null || jars.length != 1) {
			throw new IllegalStateException("Expected one worker-service-*-exec.jar in " + directory.getAbsolutePath()
					+ ", found " + (jars == null ? "none" : Arrays.toString(jars)) + ": build worker-service first");
		}
		return jars[0].toPath();
	}

}
