package io.jobsuite.fault;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import io.jobsuite.fault.probe.FaultProbeJobs;

/**
 * The fault probe's classes and registrations from this suite's test output, as a jar for
 * the worker's class path (a jar rather than a directory: class-data sharing archives
 * classes from jars).
 */
final class FaultProbeJar {

	private static final List<String> REGISTRATIONS = List.of("META-INF/services/io.jobsuite.model.JobTypeProvider",
			"META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports");

	private FaultProbeJar() {
	}

	static Path write(Path jar) {
		try {
			Path classes = Path.of(FaultProbeJobs.class.getProtectionDomain().getCodeSource().getLocation().toURI());
			String packagePath = FaultProbeJobs.class.getPackageName().replace('.', '/');
			Files.createDirectories(jar.getParent());
			try (OutputStream file = Files.newOutputStream(jar);
					JarOutputStream out = new JarOutputStream(file);
					Stream<Path> probeClasses = Files.list(classes.resolve(packagePath))) {
				for (Path path : probeClasses.toList()) {
					add(out, packagePath + "/" + path.getFileName(), path);
				}
				for (String registration : REGISTRATIONS) {
					add(out, registration, classes.resolve(registration));
				}
			}
			return jar;
		}
		catch (IOException | URISyntaxException ex) {
			throw new IllegalStateException("Could not write the fault probe's jar", ex);
		}
	}

	private static void add(JarOutputStream out, String name, Path file) throws IOException {
		out.putNextEntry(new JarEntry(name));
		Files.copy(file, out);
		out.closeEntry();
	}

}
