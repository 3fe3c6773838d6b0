package io.jobsuite.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.jobsuite.infra.ServiceBootstrap;

/**
 * One service installed and started the way its instance does it, from the files
 * {@link ServiceBootstrap} generates: the env file and scripts written where the layout
 * says, the unit's ExecStartPre run (database secret from Secrets Manager, instance id
 * from IMDSv2), then the unit's environment files read in its order and its ExecStart run
 * with that environment only. The {@code overrides} are what differs from an instance:
 * emulator endpoints and credentials, ports (three "instances" share this host), and the
 * metrics step.
 */
final class DeployedService implements AutoCloseable {

	private final ServiceBootstrap bootstrap;

	private final Process process;

	private DeployedService(ServiceBootstrap bootstrap, Process process) {
		this.bootstrap = bootstrap;
		this.process = process;
	}

	static DeployedService start(ServiceBootstrap bootstrap, Path executableJar, Path motoSdk,
			Map<String, String> awsAccess, Map<String, String> overrides) throws IOException, InterruptedException {
		for (Map.Entry<String, String> file : bootstrap.files().entrySet()) {
			if (!file.getKey().startsWith("/opt/aws/") && !file.getKey().startsWith("/etc/systemd/")) {
				Path target = Path.of(file.getKey());
				Files.createDirectories(target.getParent());
				Files.writeString(target, file.getValue());
			}
		}
		Files.setPosixFilePermissions(Path.of(bootstrap.prestartScript()),
				PosixFilePermissions.fromString("rwx------"));
		Files.createDirectories(Path.of(bootstrap.logFile()).getParent());
		Files.copy(executableJar, Path.of(bootstrap.jar()), StandardCopyOption.REPLACE_EXISTING);

		String unit = bootstrap.files().get("/etc/systemd/system/" + bootstrap.service() + ".service");
		runPrestart(directive(unit, "ExecStartPre").get(0).replaceFirst("^\\+", ""), awsAccess);

		Map<String, String> environment = new LinkedHashMap<>();
		for (String file : directive(unit, "EnvironmentFile")) {
			boolean optional = file.startsWith("-");
			Path path = Path.of(optional ? file.substring(1) : file);
			if (!Files.exists(path) && optional) {
				continue;
			}
			environment.putAll(readEnvironmentFile(path));
		}
		environment.putAll(awsAccess);
		environment.putAll(overrides);

		List<String> command = new ArrayList<>(Arrays.asList(directive(unit, "ExecStart").get(0).split(" ")));
		int jar = command.indexOf("-jar");
		// The services' CloudWatch module speaks a protocol moto does not (RPCv2-CBOR):
		// the
		// launcher puts the older module in front of the jar's own. Nothing else changes.
		command.subList(jar, jar + 2).clear();
		command.addAll(List.of("-Dloader.path=" + motoSdk, "-cp", bootstrap.jar(),
				"org.springframework.boot.loader.launch.PropertiesLauncher"));
		ProcessBuilder builder = new ProcessBuilder(command)
			.directory(Path.of(directive(unit, "WorkingDirectory").get(0)).toFile())
			.redirectErrorStream(true)
			.redirectOutput(Path.of(bootstrap.logFile() + ".out").toFile());
		builder.environment().clear();
		builder.environment().put("PATH", System.getenv("PATH"));
		builder.environment().putAll(environment);
		return new DeployedService(bootstrap, builder.start());
	}

	String logFile() {
		return bootstrap.logFile() + ".out";
	}

	boolean isAlive() {
		return process.isAlive();
	}

	/** The values of a unit directive, in order. */
	static List<String> directive(String unit, String name) {
		return unit.lines()
			.filter(line -> line.startsWith(name + "="))
			.map(line -> line.substring(name.length() + 1))
			.toList();
	}

	static Map<String, String> readEnvironmentFile(Path file) throws IOException {
		Map<String, String> environment = new LinkedHashMap<>();
		try (Stream<String> lines = Files.lines(file)) {
			lines.filter(line -> !line.isBlank() && !line.startsWith("#")).forEach(line -> {
				int equals = line.indexOf('=');
				environment.put(line.substring(0, equals), line.substring(equals + 1));
			});
		}
		return environment;
	}

	private static void runPrestart(String script, Map<String, String> awsAccess)
			throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(script).redirectErrorStream(true);
		builder.environment().clear();
		builder.environment().put("PATH", System.getenv("PATH"));
		builder.environment().put("HOME", System.getProperty("java.io.tmpdir"));
		builder.environment().putAll(awsAccess);
		Process prestart = builder.start();
		String output = new String(prestart.getInputStream().readAllBytes());
		if (!prestart.waitFor(60, TimeUnit.SECONDS) || prestart.exitValue() != 0) {
			throw new IllegalStateException("ExecStartPre " + script + " failed:\n" + output);
		}
	}

	@Override
	public void close() throws InterruptedException {
		process.destroy();
		if (!process.waitFor(90, TimeUnit.SECONDS)) {
			process.destroyForcibly();
		}
	}

}
