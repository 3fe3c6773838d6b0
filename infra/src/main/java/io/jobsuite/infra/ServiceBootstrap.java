package io.jobsuite.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The user data that turns a bare Amazon Linux 2023 instance into one running a service:
 * installs the JDK and the CloudWatch agent, downloads the jar, and runs it under systemd
 * with restart on failure (what Supervisor does in a classic Laravel deployment).
 * Database credentials are fetched from Secrets Manager by the unit itself at every
 * start, so they never appear in the launch template.
 *
 * @param service service name (worker, scheduler, api)
 * @param jarUri s3:// URI of the service's jar
 * @param logGroupName log group the agent ships the JSON log to
 * @param secretArn ARN of the database secret
 * @param region region for the AWS CLI calls
 * @param environment plain (non-secret) environment of the service
 */
record ServiceBootstrap(String service, String jarUri, String logGroupName, String secretArn, String region,
		Map<String, String> environment) {

	static final String USER = "jobsuite";

	static final String HOME = "/opt/jobsuite";

	String logFile() {
		return "/var/log/jobsuite/" + service + ".log";
	}

	String secretEnvFile() {
		return "/etc/jobsuite/" + service + "-db.env";
	}

	/** The shell commands, in order; CDK prepends the shebang. */
	List<String> commands() {
		List<String> commands = new ArrayList<>();
		commands.add("set -euo pipefail");
		commands.add("dnf install -y java-17-amazon-corretto-headless amazon-cloudwatch-agent jq");
		commands.add("id " + USER + " >/dev/null 2>&1 || useradd --system --home-dir " + HOME
				+ " --shell /sbin/nologin " + USER);
		commands.add("install -d -o " + USER + " -g " + USER + " -m 755 " + HOME + " /var/log/jobsuite");
		commands.add("install -d -o root -g root -m 755 /etc/jobsuite");
		commands.add("aws s3 cp --region " + region + " " + jarUri + " " + HOME + "/" + service + ".jar");
		commands.add("chown " + USER + ":" + USER + " " + HOME + "/" + service + ".jar");
		commands.addAll(file("/etc/jobsuite/" + service + ".env", environmentFile()));
		commands.add("chmod 644 /etc/jobsuite/" + service + ".env");
		commands.addAll(file(HOME + "/fetch-db-secret.sh", fetchSecretScript()));
		commands.add("chmod 700 " + HOME + "/fetch-db-secret.sh");
		commands.addAll(file("/opt/aws/amazon-cloudwatch-agent/etc/jobsuite.json", agentConfig()));
		commands.add("/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s"
				+ " -c file:/opt/aws/amazon-cloudwatch-agent/etc/jobsuite.json");
		commands.addAll(file("/etc/systemd/system/" + service + ".service", unit()));
		commands.add("systemctl daemon-reload");
		commands.add("systemctl enable --now " + service + ".service");
		return commands;
	}

	/**
	 * The service's environment plus Spring Boot's file logging in ECS JSON, so the log
	 * lands where the CloudWatch agent reads it whatever the service's own logging
	 * defaults are.
	 */
	private String environmentFile() {
		Map<String, String> all = new TreeMap<>(environment);
		all.put("LOGGING_FILE_NAME", logFile());
		all.put("LOGGING_STRUCTURED_FORMAT_FILE", "ecs");
		StringBuilder env = new StringBuilder();
		all.forEach((key, value) -> env.append(key).append('=').append(value).append('\n'));
		return env.toString();
	}

	/**
	 * Runs as root before each start (ExecStartPre=+) and leaves a file only the service
	 * user can read, so a rotated password is picked up by a restart.
	 */
	private String fetchSecretScript() {
		return """
				#!/bin/bash
				set -euo pipefail
				umask 077
				secret=$(aws secretsmanager get-secret-value --region %s --secret-id '%s' --query SecretString --output text)
				tmp=$(mktemp)
				echo "$secret" | jq -r '"DB_USERNAME=\\(.username)\\nDB_PASSWORD=\\(.password)"' > "$tmp"
				install -o %s -g %s -m 600 "$tmp" %s
				rm -f "$tmp"
				"""
			.formatted(region, secretArn, USER, USER, secretEnvFile());
	}

	private String agentConfig() {
		return """
				{"logs":{"logs_collected":{"files":{"collect_list":[{"file_path":"%s","log_group_name":"%s","log_stream_name":"{instance_id}","timezone":"UTC"}]}}}}
				"""
			.formatted(logFile(), logGroupName);
	}

	/**
	 * SIGTERM lets the worker drain in-flight jobs (60 s); systemd waits 90 s before
	 * SIGKILL.
	 */
	private String unit() {
		return """
				[Unit]
				Description=JobSuite %1$s
				After=network-online.target
				Wants=network-online.target

				[Service]
				User=%2$s
				Group=%2$s
				WorkingDirectory=%3$s
				EnvironmentFile=/etc/jobsuite/%1$s.env
				EnvironmentFile=%4$s
				ExecStartPre=+%3$s/fetch-db-secret.sh
				ExecStart=/usr/bin/java -XX:MaxRAMPercentage=75 -jar %3$s/%1$s.jar
				Restart=always
				RestartSec=5
				TimeoutStopSec=90
				KillSignal=SIGTERM
				SuccessExitStatus=143

				[Install]
				WantedBy=multi-user.target
				""".formatted(service, USER, HOME, secretEnvFile());
	}

	private static List<String> file(String path, String content) {
		// A quoted heredoc delimiter keeps the shell from expanding $ in the content.
		return List.of("cat > " + path + " <<'JOBSUITE_EOF'\n" + content.stripTrailing() + "\nJOBSUITE_EOF");
	}
}
