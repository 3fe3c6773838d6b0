package io.jobsuite.fault;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker's executable jar carries no test-only job type: no probe classes, and no
 * {@code JobTypeProvider} registration in its classes or in any jar it bundles.
 */
class WorkerJarTest {

	private static final String PROVIDERS = "META-INF/services/io.jobsuite.model.JobTypeProvider";

	@Test
	void executableJarCarriesNoTestJobType() throws IOException {
		File directory = new File(System.getProperty("fault.workerJarDirectory", "../worker-service/target"));
		File[] jars = directory
			.listFiles((dir, file) -> file.startsWith("worker-service-") && file.endsWith("-exec.jar"));
		assertThat(jars).as("the worker's executable jar in " + directory.getAbsolutePath()).hasSize(1);
		List<String> offending = new ArrayList<>();
		try (JarFile jar = new JarFile(jars[0])) {
			for (JarEntry entry : jar.stream().toList()) {
				String name = entry.getName();
				if (name.endsWith(PROVIDERS) || name.contains("/probe/") || name.contains("FaultProbe")) {
					offending.add(name);
				}
				if (name.startsWith("BOOT-INF/lib/") && name.endsWith(".jar")) {
					try (InputStream in = jar.getInputStream(entry); JarInputStream nested = new JarInputStream(in)) {
						for (JarEntry inner = nested.getNextJarEntry(); inner != null; inner = nested
							.getNextJarEntry()) {
							if (inner.getName().equals(PROVIDERS)) {
								offending.add(name + "!/" + inner.getName());
							}
						}
					}
				}
			}
		}
		assertThat(offending).isEmpty();
	}

}
