package io.jobsuite.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The user data that turns a bare Amazon Linux 2023 instance into one running a service:
 * installs the JDK and the CloudWatch agent, downloads the jar, writes the service's
 * files and runs it under systemd with restart on failure.
 * <p>
 * The files are a function of a {@link Layout}, so that the aws-e2e test writes the very
 * same env file and start script under a temporary directory and starts the service the
 * way the unit does. Database credentials and the instance id are fetched by the unit
 * itself at every start, so they never appear in the launch template.
 *
 * @param service service name (worker, scheduler, api)
 * @param jarUri s3:// URI of the service's jar
 * @param logGroupName log group the agent ships the JSON log to
 * @param secretArn ARN of the database secret
 * @param region region for the AWS CLI calls
 * @param autoScalingGroupName the group the health check reports an unhealthy instance to
 * @param environment plain (non-secret) environment of the service
 * @param layout where the files go
 */
public record ServiceBootstrap(String service, String jarUri, String logGroupName, String secretArn, String region,
		String autoScalingGroupName, Map<String, String> environment, Layout layout) {

	/** Unit names: the service and its health check. */
	static final String HEALTH_SUFFIX = "-health";

	/**
	 * Failed liveness checks in a row (one every 30 s) before the instance is replaced.
	 */
	static final int UNHEALTHY_AFTER = 4;

	/**
	 * Where the service's files live.
	 *
	 * @param user the account the service runs as
	 * @param home the jar and scripts
	 * @param etc the plain env file
	 * @param run the env file written at each start (credentials, instance id); tmpfs on
	 * an instance
	 * @param logs the JSON log the CloudWatch agent ships
	 * @param java the java binary
	 */
	public record Layout(String user, String home, String etc, String run, String logs, String java) {

		/** Amazon Linux 2023 with Corretto from dnf. */
		public static final Layout INSTANCE = new Layout("jobsuite", "/opt/jobsuite", "/etc/jobsuite", "/run/jobsuite",
				"/var/log/jobsuite", "/usr/bin/java");

	}

	public String jar() {
		return layout.home() + "/" + service + ".jar";
	}

	public String logFile() {
		return layout.logs() + "/" + service + ".log";
	}

	/** The env file the user data writes once. */
	public String environmentFile() {
		return layout.etc() + "/" + service + ".env";
	}

	/** The env file {@link #prestartScript()} writes before every start. */
	public String runtimeEnvironmentFile() {
		return layout.run() + "/" + service + ".env";
	}

	public String prestartScript() {
		return layout.home() + "/" + service + "-prestart.sh";
	}

	public String healthScript() {
		return layout.home() + "/" + service + "-health.sh";
	}

	/**
	 * Every file the user data writes, by path: env file, scripts, agent configuration,
	 * units.
	 */
	public Map<String, String> files() {
		Map<String, String> files = new LinkedHashMap<>();
		files.put(environmentFile(), environmentFileContent());
		files.put(prestartScript(), prestartScriptContent());
		files.put(healthScript(), healthScriptContent());
		files.put("/opt/aws/amazon-cloudwatch-agent/etc/jobsuite.json", agentConfig());
		files.put("/etc/systemd/system/" + service + ".service", unit());
		files.put("/etc/systemd/system/" + service + HEALTH_SUFFIX + ".service", healthUnit());
		files.put("/etc/systemd/system/" + service + HEALTH_SUFFIX + ".timer", healthTimer());
		return files;
	}

	/** The whole user-data script, as CDK renders it for Linux. */
	public String script() {
		return "#!/bin/bash\n" + String.join("\n", commands());
	}

	/** The shell commands, in order; CDK prepends the shebang. */
	List<String> commands() {
		String user = layout.user();
		List<String> commands = new ArrayList<>();
		commands.add("set -euo pipefail");
		commands.add("dnf install -y java-17-amazon-corretto-headless amazon-cloudwatch-agent jq");
		commands.add("id " + user + " >/dev/null 2>&1 || useradd --system --home-dir " + layout.home()
				+ " --shell /sbin/nologin " + user);
		commands.add("install -d -o " + user + " -g " + user + " -m 755 " + layout.home() + " " + layout.logs());
		commands.add("install -d -o root -g root -m 755 " + layout.etc());
		commands.add("aws s3 cp --region " + region + " '" + jarUri + "' " + jar());
		commands.add("chown " + user + ":" + user + " " + jar());
		files().forEach((path, content) -> commands.addAll(file(path, content)));
		commands.add("chmod 644 " + environmentFile());
		commands.add("chmod 700 " + prestartScript() + " " + healthScript());
		commands.add("/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s"
				+ " -c file:/opt/aws/amazon-cloudwatch-agent/etc/jobsuite.json");
		commands.add("systemctl daemon-reload");
		commands.add("systemctl enable --now " + service + ".service " + service + HEALTH_SUFFIX + ".timer");
		return commands;
	}

	/**
	 * The service's environment plus Spring Boot's file logging in ECS JSON, so the log
	 * lands where the CloudWatch agent reads it.
	 */
	private String environmentFileContent() {
		Map<String, String> all = new TreeMap<>(environment);
		all.put("LOGGING_FILE_NAME", logFile());
		all.put("LOGGING_STRUCTURED_FORMAT_FILE", "ecs");
		StringBuilder env = new StringBuilder();
		all.forEach((key, value) -> env.append(key).append('=').append(value).append('\n'));
		return env.toString();
	}

	/**
	 * Runs as root before each start (ExecStartPre=+): the database credentials from
	 * Secrets Manager and the instance id from IMDSv2 (the worker's id, so an attempt
	 * names its host) go to a root-only file on tmpfs that systemd reads for ExecStart. A
	 * rotated password is picked up by a restart. The AWS CLI honours
	 * AWS_EC2_METADATA_SERVICE_ENDPOINT and AWS_ENDPOINT_URL like the SDKs, so the test
	 * points the same script at moto.
	 */
	private String prestartScriptContent() {
		return """
				#!/bin/bash
				set -euo pipefail
				umask 077
				imds="${AWS_EC2_METADATA_SERVICE_ENDPOINT:-http://169.254.169.254}"
				imds="${imds%%/}"
				token=$(curl -fsS --max-time 5 -X PUT "$imds/latest/api/token" -H 'X-aws-ec2-metadata-token-ttl-seconds: 60')
				instance=$(curl -fsS --max-time 5 -H "X-aws-ec2-metadata-token: $token" "$imds/latest/meta-data/instance-id")
				secret=$(aws secretsmanager get-secret-value --region '%1$s' --secret-id '%2$s' --query SecretString --output text)
				mkdir -p '%3$s'
				tmp=$(mktemp '%3$s/.env.XXXXXX')
				jq -r --arg instance "$instance" '"DB_USERNAME=\\(.username)\\nDB_PASSWORD=\\(.password)\\nWORKER_ID=\\($instance)"' <<<"$secret" >"$tmp"
				mv -f "$tmp" '%4$s'
				"""
			.formatted(region, secretArn, layout.run(), runtimeEnvironmentFile());
	}

	/**
	 * Liveness on loopback every 30 s; after {@value #UNHEALTHY_AFTER} failures in a row
	 * the instance tells its Auto Scaling group it is unhealthy, and the group replaces
	 * it (a wedged JVM that systemd still sees running).
	 */
	private String healthScriptContent() {
		return """
				#!/bin/bash
				set -uo pipefail
				mkdir -p '%1$s'
				state='%1$s/%2$s-health.failures'
				if curl -fsS --max-time 5 -o /dev/null 'http://127.0.0.1:%3$d/actuator/health/liveness'; then
				  echo 0 >"$state"
				  exit 0
				fi
				failures=$(( $(cat "$state" 2>/dev/null || echo 0) + 1 ))
				echo "$failures" >"$state"
				echo "liveness check failed $failures time(s) in a row" >&2
				if (( failures >= %4$d )); then
				  imds="${AWS_EC2_METADATA_SERVICE_ENDPOINT:-http://169.254.169.254}"
				  imds="${imds%%/}"
				  token=$(curl -fsS --max-time 5 -X PUT "$imds/latest/api/token" -H 'X-aws-ec2-metadata-token-ttl-seconds: 60')
				  instance=$(curl -fsS --max-time 5 -H "X-aws-ec2-metadata-token: $token" "$imds/latest/meta-data/instance-id")
				  aws autoscaling set-instance-health --region '%5$s' --instance-id "$instance" --health-status Unhealthy --should-respect-grace-period
				fi
				exit 1
				"""
			.formatted(layout.run(), service, ServiceEnvironment.healthPort(service), UNHEALTHY_AFTER, region);
	}

	/**
	 * The agent ships the JSON log, and takes the service's spans on its OTLP/HTTP
	 * receiver (loopback only) to X-Ray.
	 */
	private String agentConfig() {
		return """
				{"logs":{"logs_collected":{"files":{"collect_list":[{"file_path":"%s","log_group_name":"%s","log_stream_name":"{instance_id}","timezone":"UTC"}]}}},\
				"traces":{"traces_collected":{"otlp":{"http_endpoint":"127.0.0.1:%d"}}}}
				"""
			.formatted(logFile(), logGroupName, ServiceEnvironment.OTLP_PORT);
	}

	/**
	 * The runtime env file is optional ({@code -}) because systemd reads environment
	 * files before ExecStartPre, which writes it; ExecStart reads it after. A failed
	 * ExecStartPre fails the start, so ExecStart never runs without it. SIGTERM lets the
	 * worker drain in-flight jobs (60 s); systemd waits 90 s before SIGKILL.
	 */
	private String unit() {
		return """
				[Unit]
				Description=JobSuite %1$s
				After=network-online.target
				Wants=network-online.target

				[Service]
				Type=exec
				User=%2$s
				Group=%2$s
				WorkingDirectory=%3$s
				EnvironmentFile=%4$s
				EnvironmentFile=-%5$s
				ExecStartPre=+%6$s
				ExecStart=%7$s -XX:MaxRAMPercentage=75 -jar %8$s
				Restart=always
				RestartSec=5
				TimeoutStopSec=90
				KillSignal=SIGTERM
				SuccessExitStatus=143

				[Install]
				WantedBy=multi-user.target
				""".formatted(service, layout.user(), layout.home(), environmentFile(), runtimeEnvironmentFile(),
				prestartScript(), layout.java(), jar());
	}

	private String healthUnit() {
		return """
				[Unit]
				Description=JobSuite %1$s liveness check
				After=%1$s.service

				[Service]
				Type=oneshot
				ExecStart=%2$s
				""".formatted(service, healthScript());
	}

	/**
	 * The first check waits out the JVM's start; the Auto Scaling group's grace period
	 * covers the boot before it.
	 */
	private String healthTimer() {
		return """
				[Unit]
				Description=JobSuite %1$s liveness check every 30 s

				[Timer]
				OnActiveSec=120
				OnUnitActiveSec=30
				AccuracySec=5

				[Install]
				WantedBy=timers.target
				""".formatted(service);
	}

	private static List<String> file(String path, String content) {
		// A quoted heredoc delimiter keeps the shell from expanding $ in the content.
		return List.of("cat > " + path + " <<'JOBSUITE_EOF'\n" + content.stripTrailing() + "\nJOBSUITE_EOF");
	}

}
