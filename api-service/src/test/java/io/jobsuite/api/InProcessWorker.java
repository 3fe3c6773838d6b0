package io.jobsuite.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import io.jobsuite.testsupport.JobSuiteEnvironment;
import io.jobsuite.worker.WorkerApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real worker (its own Spring context, its own application.yml) in the test JVM, on the
 * same database and queues as the API under test, so that a test sees jobs run end to
 * end.
 */
final class InProcessWorker implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private InProcessWorker(ConfigurableApplicationContext context) {
		this.context = context;
	}

	static InProcessWorker start(JobSuiteEnvironment env) {
		return start(env, List.of());
	}

	/** A worker with more settings, as {@code --name=value} arguments. */
	static InProcessWorker start(JobSuiteEnvironment env, List<String> settings) {
		List<String> args = new ArrayList<>(settings);
		env.register((name, value) -> args.add("--" + name + "=" + value.get()));
		// The API's application.yml comes first on this classpath: point the worker at
		// its own.
		args.add("--spring.config.location=" + workerConfig().toUri());
		args.add("--jobs.worker.lease=" + JobSuiteEnvironment.VISIBILITY);
		return new InProcessWorker(
				new SpringApplicationBuilder(WorkerApplication.class).run(args.toArray(String[]::new)));
	}

	private static Path workerConfig() {
		try {
			URL codeSource = WorkerApplication.class.getProtectionDomain().getCodeSource().getLocation();
			URL config = codeSource.getPath().endsWith(".jar") ? new URL("jar:" + codeSource + "!/application.yml")
					: new URL(codeSource, "application.yml");
			Path copy = Files.createTempFile("worker-application", ".yml");
			copy.toFile().deleteOnExit();
			try (InputStream in = config.openStream()) {
				Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
			}
			return copy;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read the worker's application.yml", ex);
		}
	}

	/** One of the worker's beans (its meters, for instance). */
	<T> T bean(Class<T> type) {
		return context.getBean(type);
	}

	@Override
	public void close() {
		context.close();
	}

}
