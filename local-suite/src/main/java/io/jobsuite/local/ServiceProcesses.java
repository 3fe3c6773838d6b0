package io.jobsuite.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services as child processes started from their executable jars, stopped with
 * SIGTERM.
 */
final class ServiceProcesses implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(ServiceProcesses.class);

	private final Path repositoryRoot;

	private final Map<String, String> environment;

	private final Path logDirectory;

	private final List<Process> processes = new ArrayList<>();

	/** Services whose output goes to this terminal. */
	ServiceProcesses(Path repositoryRoot, Map<String, String> environment) {
		this(repositoryRoot, environment, null);
	}

	/** Services that each log to {@code <logDirectory>/<module>-<n>.log}. */
	ServiceProcesses(Path repositoryRoot, Map<String, String> environment, Path logDirectory) {
		this.repositoryRoot = repositoryRoot;
		this.environment = environment;
		this.logDirectory = logDirectory;
	}

	void start(String module, Map<String, String> extraEnvironment) throws IOException {
		Path jar = executableJarOf(module);
		ProcessBuilder builder = new ProcessBuilder(javaExecutable(), "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar",
				jar.toString())
			.directory(repositoryRoot.toFile());
		if (logDirectory == null) {
			builder.inheritIO();
		}
		else {
			Files.createDirectories(logDirectory);
			builder.redirectErrorStream(true)
				.redirectOutput(logDirectory.resolve(module + "-" + processes.size() + ".log").toFile());
		}
		builder.environment().putAll(environment);
		builder.environment().putAll(extraEnvironment);
		processes.add(builder.start());
		log.info("Started {} from {}", module, repositoryRoot.relativize(jar));
	}

	void awaitHealthy(String url, Duration timeout) throws InterruptedException {
		HttpClient http = HttpClient.newHttpClient();
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			processes.stream().filter(p -> !p.isAlive()).findFirst().ifPresent(dead -> {
				throw new IllegalStateException(
						"A service exited with code " + dead.exitValue() + "; see its log above");
			});
			try {
				HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
						HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			TimeUnit.MILLISECONDS.sleep(500);
		}
		throw new IllegalStateException("No healthy answer from " + url + " within " + timeout);
	}

	private Path executableJarOf(String module) throws IOException {
		Path target = repositoryRoot.resolve(module).resolve("target");
		try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
			return files.filter(f -> f.getFileName().toString().endsWith("-exec.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException(
						"No executable jar in " + target + ": build first (the README's run command does)"));
		}
	}

	private static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	@Override
	public void close() throws InterruptedException {
		processes.forEach(Process::destroy);
		for (Process process : processes) {
			if (!process.waitFor(90, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
	}

}
