package io.jobsuite.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

import io.jobsuite.api.ApiApplication;
import io.jobsuite.scheduler.SchedulerApplication;
import io.jobsuite.worker.WorkerApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the real services' Spring contexts with their own configuration. The three
 * services share one classpath here and each ships an {@code application.yml}, so each
 * service's file is read from its own jar (or classes directory) and given to its context
 * as the one config location.
 */
final class Services {

	private Services() {
	}

	/**
	 * The worker as configured in production (its consumers, pool and lease come from its
	 * application.yml).
	 */
	static ConfigurableApplicationContext worker(List<String> world, String... overrides) {
		return start(WorkerApplication.class, world, List.of("--jobs.worker.id=bench-worker"), overrides);
	}

	/** The API on a free port. */
	static ConfigurableApplicationContext api(List<String> world, String... overrides) {
		return start(ApiApplication.class, world, List.of("--server.port=0"), overrides);
	}

	/** A scheduler that scans only when told (cron off). */
	static ConfigurableApplicationContext scheduler(List<String> world, String... overrides) {
		return start(SchedulerApplication.class, world, List.of("--jobs.scan.cron=-"), overrides);
	}

	private static ConfigurableApplicationContext start(Class<?> application, List<String> world, List<String> service,
			String... overrides) {
		List<String> arguments = new ArrayList<>();
		arguments.add("--spring.config.location=" + ownConfiguration(application).toUri());
		// Logs go to a file, as in production they go to CloudWatch: same cost, readable
		// console.
		arguments.add("--logging.file.name=target/benchmark-logs/" + application.getSimpleName() + ".log");
		arguments.add("--logging.threshold.console=WARN");
		arguments.addAll(world);
		arguments.addAll(service);
		arguments.addAll(List.of(overrides));
		return new SpringApplicationBuilder(application).run(arguments.toArray(String[]::new));
	}

	/**
	 * The service's own application.yml, copied out of its jar so that no other service's
	 * file shadows it.
	 */
	private static Path ownConfiguration(Class<?> application) {
		try {
			Path origin = Path.of(application.getProtectionDomain().getCodeSource().getLocation().toURI());
			Path copy = Files.createTempFile(application.getSimpleName(), ".yml");
			copy.toFile().deleteOnExit();
			if (Files.isDirectory(origin)) {
				Files.copy(origin.resolve("application.yml"), copy, StandardCopyOption.REPLACE_EXISTING);
			}
			else {
				try (JarFile jar = new JarFile(origin.toFile());
						InputStream yml = jar.getInputStream(jar.getEntry("application.yml"))) {
					Files.copy(yml, copy, StandardCopyOption.REPLACE_EXISTING);
				}
			}
			return copy;
		}
		catch (IOException | URISyntaxException ex) {
			throw new IllegalStateException("Cannot read the configuration of " + application.getSimpleName(), ex);
		}
	}

}
