package io.jobsuite.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The files the user data writes, checked by the tools that run them:
 * {@code systemd-analyze
 * verify} on the units (in a root with the scripts and the distribution's units) and
 * shellcheck on the user-data script and the scripts it writes. Without the tools (not on
 * CI, where they are required) the tests are skipped with the reason.
 */
class BootFilesTest {

	@TempDir
	Path root;

	@ParameterizedTest
	@ValueSource(strings = { "api", "worker", "scheduler" })
	void systemdAcceptsTheUnits(String service) throws Exception {
		requireTool("systemd-analyze", "apt-get install systemd");
		ServiceBootstrap bootstrap = bootstrap(service);
		installInto(root, bootstrap);

		Result result = run(List.of("systemd-analyze", "verify", "--root=" + root,
				"/etc/systemd/system/" + service + ".service", "/etc/systemd/system/" + service + "-health.service",
				"/etc/systemd/system/" + service + "-health.timer"));

		assertThat(result.output()).as("systemd-analyze says").doesNotContain("Unknown", "ignoring", "rror");
		assertThat(result.exitCode()).as(result.output()).isZero();
	}

	@Test
	void systemdAnalyzeRejectsAUnitWhoseStartCommandIsMissing() throws Exception {
		requireTool("systemd-analyze", "apt-get install systemd");
		ServiceBootstrap bootstrap = bootstrap("worker");
		installInto(root, bootstrap);
		Files.delete(root.resolve(bootstrap.prestartScript().substring(1)));

		Result result = run(
				List.of("systemd-analyze", "verify", "--root=" + root, "/etc/systemd/system/worker.service"));

		assertThat(result.exitCode()).as("the check above can fail").isNotZero();
		assertThat(result.output()).contains("worker-prestart.sh");
	}

	@Test
	void theRuntimeEnvFileIsOptionalBecauseExecStartPreWritesItAfterSystemdReadsEnvFiles() {
		ServiceBootstrap bootstrap = bootstrap("worker");
		String unit = bootstrap.files().get("/etc/systemd/system/worker.service");
		assertThat(unit).contains("EnvironmentFile=/etc/jobsuite/worker.env\n")
			.contains("EnvironmentFile=-" + bootstrap.runtimeEnvironmentFile() + "\n")
			.contains("ExecStartPre=+" + bootstrap.prestartScript() + "\n");
		assertThat(bootstrap.files().get(bootstrap.prestartScript()))
			.contains("mv -f \"$tmp\" '/run/jobsuite/worker.env'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "api", "worker", "scheduler" })
	void shellcheckFindsNothingInTheUserDataOrTheScriptsItWrites(String service) throws Exception {
		requireTool("shellcheck", "apt-get install shellcheck");
		ServiceBootstrap bootstrap = bootstrap(service);
		List<String> scripts = new ArrayList<>(List.of(bootstrap.script()));
		scripts.add(bootstrap.files().get(bootstrap.prestartScript()));
		scripts.add(bootstrap.files().get(bootstrap.healthScript()));
		for (String script : scripts) {
			Path file = Files.writeString(Files.createTempFile(root, service, ".sh"), script);
			Result result = run(List.of("shellcheck", "--shell=bash", "--severity=style", file.toString()));
			assertThat(result.exitCode()).as(result.output() + "\n---\n" + script).isZero();
		}
	}

	@Test
	void shellcheckRejectsAnUnquotedExpansion() throws Exception {
		requireTool("shellcheck", "apt-get install shellcheck");
		Path file = Files.writeString(root.resolve("bad.sh"), "#!/bin/bash\nrm -rf $1/*\n");
		assertThat(run(List.of("shellcheck", "--shell=bash", file.toString())).exitCode()).isNotZero();
	}

	/** The bootstrap as an instance gets it, with the stack's names resolved. */
	static ServiceBootstrap bootstrap(String service) {
		ServiceEnvironment environment = new ServiceEnvironment("dev", "eu-west-1", "dev-jobs-express",
				"dev-jobs-standard", "dev-jobs-fifo.fifo", "dev-scan-trigger",
				"jdbc:mysql://dev-jobsuite-mysql.abc.eu-west-1.rds.amazonaws.com:3306/jobs",
				"https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc", List.of("client1"),
				"https://dev-jobsuite-123.auth.eu-west-1.amazoncognito.com/logout?client_id=web1&logout_uri=https://lb/");
		return new ServiceBootstrap(service, "s3://jobsuite-artifacts-123456789012-eu-west-1/dev/" + service + ".jar",
				"/jobsuite/dev/" + service,
				"arn:aws:secretsmanager:eu-west-1:123456789012:secret:dev-jobsuite-db-AbCdEf", "eu-west-1",
				"dev-jobsuite-" + service, environment.forService(service), ServiceBootstrap.Layout.INSTANCE);
	}

	/**
	 * The files where the user data puts them, the distribution's units next to them, and
	 * an executable where the JDK's java will be.
	 */
	private static void installInto(Path root, ServiceBootstrap bootstrap) throws IOException {
		Path systemUnits = Path.of("/usr/lib/systemd/system");
		Path copy = Files.createDirectories(root.resolve("usr/lib/systemd/system"));
		try (Stream<Path> units = Files.list(systemUnits)) {
			for (Path unit : units.filter(Files::isRegularFile).toList()) {
				Files.copy(unit, copy.resolve(unit.getFileName()), StandardCopyOption.REPLACE_EXISTING);
			}
		}
		for (Map.Entry<String, String> file : bootstrap.files().entrySet()) {
			Path target = root.resolve(file.getKey().substring(1));
			Files.createDirectories(target.getParent());
			Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
			if (file.getKey().endsWith(".sh")) {
				Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
			}
		}
		Path java = root.resolve(bootstrap.layout().java().substring(1));
		Files.createDirectories(java.getParent());
		Files.copy(Path.of("/bin/true"), java);
	}

	private static void requireTool(String tool, String install) {
		boolean present = Stream.of(System.getenv("PATH").split(":"))
			.anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
		if (System.getenv("CI") != null) {
			assertThat(present).as(tool + " is required on CI (" + install + ")").isTrue();
		}
		assumeTrue(present, tool + " not on the PATH: " + install);
	}

	private static Result run(List<String> command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new Result(process.exitValue(), output);
	}

	private record Result(int exitCode, String output) {
	}

}
