package io.jobsuite.e2e;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.jobsuite.infra.ServiceEnvironment;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every environment variable a deployment sets is one the service reads: a typo in
 * docker-compose.yml or in infra's environment fails the build instead of being silently
 * ignored. "Read" means a {@code ${NAME}} placeholder in the configuration the service's
 * jar ships, or one of the few variables read outside it ({@link #READ_ELSEWHERE}).
 */
class DeploymentEnvironmentTest {

	static final Path ROOT = Path.of(System.getProperty("e2e.repositoryRoot", ".."));

	/** Variables read without a placeholder, each with the reader. */
	static final Map<String, String> READ_ELSEWHERE = Map.of("SPRING_PROFILES_ACTIVE", "Spring Boot's profiles",
			"SPRING_MAIN_WEBAPPLICATIONTYPE", "Spring Boot's spring.main.web-application-type (relaxed binding)",
			"SERVER_ADDRESS", "Spring Boot's server.address (relaxed binding)", "LOGGING_FILE_NAME",
			"Spring Boot's logging.file.name (relaxed binding)", "LOGGING_STRUCTURED_FORMAT_FILE",
			"Spring Boot's logging.structured.format.file (relaxed binding)",
			"MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT",
			"Spring Boot's management.opentelemetry.tracing.export.otlp.endpoint (relaxed binding; unset, no export)",
			"AWS_ACCESS_KEY_ID", "the AWS SDK's default credentials chain", "AWS_SECRET_ACCESS_KEY",
			"the AWS SDK's default credentials chain");

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");

	@Test
	void composeSetsOnlyVariablesTheServicesRead() throws IOException {
		Map<String, Object> compose;
		try (Reader reader = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
			compose = new Yaml(new LoaderOptions()).load(reader);
		}
		@SuppressWarnings("unchecked")
		Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
		for (String service : ServiceEnvironment.SERVICES) {
			@SuppressWarnings("unchecked")
			Map<String, Object> environment = (Map<String, Object>) services.get(service).get("environment");
			assertThat(environment).as(service + " in docker-compose.yml").isNotEmpty();
			assertThat(new TreeSet<>(environment.keySet()))
				.as("variables compose sets for " + service + " that it never reads")
				.isSubsetOf(read(service));
		}
	}

	@Test
	void theDeploymentSetsOnlyVariablesTheServicesRead() {
		ServiceEnvironment environment = new ServiceEnvironment("dev", "eu-west-1", "e", "s", "f.fifo", "t",
				"jdbc:mysql://db:3306/jobs", "https://issuer", List.of("client"),
				"https://pool.auth.eu-west-1.amazoncognito.com/logout?client_id=client&logout_uri=https://lb/");
		for (String service : ServiceEnvironment.SERVICES) {
			assertThat(new TreeSet<>(environment.forService(service).keySet()))
				.as("variables infra sets for " + service + " that it never reads")
				.isSubsetOf(read(service));
		}
	}

	@Test
	void aMisspeltVariableIsCaught() {
		assertThat(read("worker")).contains("JOBS_WORKER_LEASE", "DB_URL").doesNotContain("JOBS_WORKER_LAESE");
		assertThat(read("api")).doesNotContain("JOBS_QUEUES_SCAN_TRIGGER");
	}

	/**
	 * The variables a service reads: its placeholders, the shared defaults', and the
	 * rest.
	 */
	static Set<String> read(String service) {
		Set<String> names = new TreeSet<>(READ_ELSEWHERE.keySet());
		for (Path file : List.of(ROOT.resolve(service + "-service/src/main/resources/application.yml"),
				ROOT.resolve("shared-model/src/main/resources/jobsuite-defaults.yml"))) {
			try {
				Matcher matcher = PLACEHOLDER.matcher(Files.readString(file));
				while (matcher.find()) {
					names.add(matcher.group(1));
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException("cannot read " + file, ex);
			}
		}
		return names;
	}

}
