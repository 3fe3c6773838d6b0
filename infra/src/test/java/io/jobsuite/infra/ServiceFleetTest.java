package io.jobsuite.infra;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceFleetTest {

	private final Template template = Synthesized.devTemplate();

	@Test
	void eachServiceRunsUnderSystemdWithRestartOnFailure() {
		for (String service : List.of("worker", "scheduler", "api")) {
			String userData = userData(service);
			assertThat(userData).as(service)
				.contains("dnf install -y java-17-amazon-corretto-headless amazon-cloudwatch-agent jq")
				.contains("/etc/systemd/system/" + service + ".service")
				.contains("Restart=always", "RestartSec=5", "TimeoutStopSec=90", "User=jobsuite")
				.contains("ExecStart=/usr/bin/java -XX:MaxRAMPercentage=75 -jar /opt/jobsuite/" + service + ".jar")
				.contains("/" + service + ".jar' /opt/jobsuite/" + service + ".jar")
				.contains("systemctl enable --now " + service + ".service " + service + "-health.timer");
		}
	}

	@Test
	void databaseCredentialsAreFetchedAtStartIntoAPrivateFileNotPutInTheLaunchTemplate() {
		String userData = userData("worker");
		assertThat(userData).contains("ExecStartPre=+/opt/jobsuite/worker-prestart.sh")
			.contains("aws secretsmanager get-secret-value")
			.contains("EnvironmentFile=/etc/jobsuite/worker.env\n")
			// Written by ExecStartPre, which runs after systemd reads environment files.
			.contains("EnvironmentFile=-/run/jobsuite/worker.env\n")
			.doesNotContainPattern("(?m)^DB_PASSWORD=")
			.doesNotContainPattern("(?m)^DB_USERNAME=");
	}

	@Test
	void theWorkerIdIsTheInstanceIdReadThroughImdsV2AtEachStart() {
		assertThat(userData("worker")).contains("X-aws-ec2-metadata-token-ttl-seconds")
			.contains("/latest/meta-data/instance-id")
			.contains("WORKER_ID=");
	}

	@Test
	void workerAndSchedulerServeHealthOnLoopbackAndReportAWedgedInstanceToTheirGroup() {
		for (String service : List.of("worker", "scheduler")) {
			assertThat(userData(service)).as(service)
				.contains("SPRING_MAIN_WEBAPPLICATIONTYPE=servlet\n", "SERVER_ADDRESS=127.0.0.1\n", "PORT=9090\n")
				.contains("http://127.0.0.1:9090/actuator/health/liveness")
				.contains("aws autoscaling set-instance-health --region 'eu-west-1'")
				.contains("/etc/systemd/system/" + service + "-health.timer", "OnUnitActiveSec=30");
			template.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Map.of("AutoScalingGroupName",
					"dev-jobsuite-" + service, "HealthCheckType", "EC2", "HealthCheckGracePeriod", 300));
			assertThat(Synthesized.statements(template))
				.filteredOn(s -> "autoscaling:SetInstanceHealth".equals(s.get("Action")))
				.anySatisfy(s -> assertThat(Synthesized.literalText(s.get("Resource")))
					.endsWith(":autoScalingGroup:*:autoScalingGroupName/dev-jobsuite-" + service));
		}
		assertThat(userData("api")).contains("http://127.0.0.1:8080/actuator/health/liveness");
		template.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup",
				Map.of("AutoScalingGroupName", "dev-jobsuite-api", "HealthCheckType", "ELB"));
	}

	@Test
	void servicesGetTheQueueNamesProfileRegionAndJdbcUrl() {
		assertThat(userData("api")).contains("SPRING_PROFILES_ACTIVE=aws\n")
			.contains("AWS_REGION=eu-west-1\n")
			.contains("JOBS_QUEUES_EXPRESS=")
			.contains("JOBS_QUEUES_STANDARD=")
			.contains("JOBS_QUEUES_FIFO=")
			.doesNotContain("JOBS_QUEUES_SCAN_TRIGGER=")
			.contains("DB_URL=jdbc:mysql://")
			.contains(":3306/jobs\n");
		assertThat(userData("scheduler")).contains("JOBS_QUEUES_SCAN_TRIGGER=");
	}

	@Test
	void cloudWatchAgentShipsTheJsonLogToTheServiceLogGroup() {
		assertThat(userData("scheduler")).contains("\"file_path\":\"/var/log/jobsuite/scheduler.log\"")
			.contains("LOGGING_FILE_NAME=/var/log/jobsuite/scheduler.log\n")
			.contains("LOGGING_STRUCTURED_FORMAT_FILE=ecs\n")
			.contains("amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s");
		for (String service : List.of("worker", "scheduler", "api")) {
			template.hasResourceProperties("AWS::Logs::LogGroup",
					Map.of("LogGroupName", "/jobsuite/dev/" + service, "RetentionInDays", 30));
		}
		template.hasResource("AWS::Logs::LogGroup",
				Map.of("Properties", Map.of("LogGroupName", "/jobsuite/dev/api"), "DeletionPolicy", "Delete"));
		Synthesized.prodTemplate()
			.hasResource("AWS::Logs::LogGroup",
					Map.of("Properties", Map.of("LogGroupName", "/jobsuite/prod/worker", "RetentionInDays", 90),
							"DeletionPolicy", "Retain"));
	}

	@Test
	void servicesSendTheirSpansToTheCloudWatchAgentWhichPassesThemToXRay() {
		for (String service : List.of("worker", "scheduler", "api")) {
			assertThat(userData(service)).as(service)
				.contains("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT=http://127.0.0.1:4318/v1/traces\n")
				.contains("\"traces\":{\"traces_collected\":{\"otlp\":{\"http_endpoint\":\"127.0.0.1:4318\"}}}");
		}
		assertThat(userData("api")).contains(
				"JOBS_TRACES_URL_TEMPLATE=https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#xray:traces/{xrayTraceId}\n");
		assertThat(Synthesized.statements(template))
			.filteredOn(s -> Synthesized.asList(s.get("Action")).contains("xray:PutTraceSegments"))
			.hasSize(3)
			.allSatisfy(s -> assertThat(s.get("Sid")).isEqualTo("PublishTraces"));
	}

	@Test
	void instancesRequireImdsV2AndEncryptedVolumes() {
		assertThat(Synthesized.properties(template, "AWS::EC2::LaunchTemplate")).hasSize(3)
			.allSatisfy((id, props) -> assertThat(props.toString()).contains("HttpTokens=required")
				.contains("Encrypted=true"));
	}

	@Test
	void workersScaleOnBacklogAndOldestMessageAge() {
		String workerGroup = template
			.findResources("AWS::AutoScaling::AutoScalingGroup",
					Map.of("Properties", Map.of("AutoScalingGroupName", "dev-jobsuite-worker")))
			.keySet()
			.iterator()
			.next();
		template.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup",
				Map.of("AutoScalingGroupName", "dev-jobsuite-worker", "MinSize", "1", "MaxSize", "10"));
		Map<String, Map<String, Object>> policies = Synthesized.properties(template, "AWS::AutoScaling::ScalingPolicy");
		assertThat(policies.values()).filteredOn(p -> p.get("AutoScalingGroupName").equals(Map.of("Ref", workerGroup)))
			.hasSizeGreaterThanOrEqualTo(3)
			.allSatisfy(p -> assertThat(p).containsEntry("PolicyType", "StepScaling"));
		for (String metric : List.of("ApproximateNumberOfMessagesVisible", "ApproximateAgeOfOldestMessage")) {
			template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmActions",
					List.of(Map.of("Ref", Match.stringLikeRegexp("WorkerFleetGroup.*"))), "Metrics",
					Match.arrayWith(List.of(Match.objectLike(Map.of("MetricStat",
							Match.objectLike(Map.of("Metric", Match.objectLike(Map.of("MetricName", metric))))))))));
		}
	}

	@Test
	void apiIsReachableOnlyThroughTheLoadBalancer() {
		template.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of("Port", 80, "Protocol", "HTTP"));
		template.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup",
				Map.of("Port", 8080, "HealthCheckPath", "/actuator/health/liveness"));
		template.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of("FromPort", 8080, "ToPort", 8080,
				"SourceSecurityGroupId",
				Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("ApiEndpointSecurityGroup.*"), "GroupId"))));
		Synthesized.prodTemplate()
			.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of("Port", 443, "Protocol", "HTTPS",
					"Certificates", List.of(Map.of("CertificateArn", Synthesized.CERTIFICATE))));
	}

	private String userData(String service) {
		var templates = Synthesized.properties(template, "AWS::EC2::LaunchTemplate");
		Map<String, Object> match = templates.values()
			.stream()
			.filter(props -> ("dev-jobsuite-" + service).equals(props.get("LaunchTemplateName")))
			.findFirst()
			.orElseThrow();
		return Synthesized.literalText(((Map<?, ?>) match.get("LaunchTemplateData")).get("UserData"));
	}

}
