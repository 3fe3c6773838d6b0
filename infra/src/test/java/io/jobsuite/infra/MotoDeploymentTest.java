package io.jobsuite.infra;

import io.jobsuite.testsupport.MotoServer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Deploys the emulatable part of the synthesized template with CloudFormation against
 * moto_server and reads the result back through the service APIs, so the template is
 * checked by something that creates resources from it, not only by assertions on its
 * JSON.
 */
class MotoDeploymentTest {

	private static final String STACK = "dev-jobsuite-emulated";

	private static final Region REGION = Region.of(Stages.REGION);

	private static MotoServer moto;

	@BeforeAll
	static void deployToMoto() throws Exception {
		var executable = MotoServer.executable();
		if (executable.isEmpty()) {
			return;
		}
		String body = EmulatedTemplate.writeTo(Path.of(Synthesized.CDK_OUT, "dev-jobsuite.moto.template.json"),
				EmulatedTemplate.filter(Synthesized.devTemplate().toJSON()));
		moto = MotoServer.start(executable.get(), Path.of("target", "moto_server.log"));
		try (CloudFormationClient cloudFormation = client(CloudFormationClient.builder())) {
			cloudFormation.createStack(create -> create.stackName(STACK).templateBody(body));
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(250))
				.until(() -> cloudFormation.describeStacks(d -> d.stackName(STACK)).stacks().get(0).stackStatus(),
						status -> status != StackStatus.CREATE_IN_PROGRESS);
			assertThat(cloudFormation.describeStacks(d -> d.stackName(STACK)).stacks().get(0).stackStatus())
				.isEqualTo(StackStatus.CREATE_COMPLETE);
		}
	}

	/**
	 * Each test reports itself skipped, with the reason, where moto_server is not
	 * installed.
	 */
	@BeforeEach
	void requireMoto() {
		assumeThat(moto).as("moto_server is not on the PATH: skipping the CloudFormation deployment to moto")
			.isNotNull();
	}

	@AfterAll
	static void stopMoto() {
		if (moto != null) {
			moto.close();
		}
	}

	@Test
	void deployedQueuesRedriveToTheirDeadLetterQueuesWithSseAndTheWorkersVisibility() {
		try (SqsClient sqs = client(SqsClient.builder())) {
			for (String name : List.of("dev-jobs-express", "dev-jobs-standard", "dev-jobs-fifo.fifo",
					"dev-scan-trigger")) {
				Map<QueueAttributeName, String> attributes = attributes(sqs, name);
				String dlqName = name.endsWith(".fifo") ? name.replace(".fifo", "-dlq.fifo") : name + "-dlq";
				String dlqArn = attributes(sqs, dlqName).get(QueueAttributeName.QUEUE_ARN);
				assertThat(attributes.get(QueueAttributeName.REDRIVE_POLICY)).as(name)
					.contains("\"maxReceiveCount\": 5")
					.contains(dlqArn);
				assertThat(attributes).as(name)
					.containsEntry(QueueAttributeName.SQS_MANAGED_SSE_ENABLED, "true")
					.containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "60")
					.containsEntry(QueueAttributeName.MESSAGE_RETENTION_PERIOD, String.valueOf(4 * 24 * 3600));
				assertThat(attributes(sqs, dlqName)).as(dlqName)
					.containsEntry(QueueAttributeName.SQS_MANAGED_SSE_ENABLED, "true")
					.containsEntry(QueueAttributeName.MESSAGE_RETENTION_PERIOD, String.valueOf(14 * 24 * 3600));
			}
			assertThat(attributes(sqs, "dev-jobs-fifo.fifo")).containsEntry(QueueAttributeName.FIFO_QUEUE, "true")
				.containsEntry(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false");
		}
	}

	@Test
	void deployedRuleFiresEveryFifteenMinutesIntoTheScanTriggerQueue() {
		try (EventBridgeClient events = client(EventBridgeClient.builder());
				SqsClient sqs = client(SqsClient.builder())) {
			DescribeRuleResponse rule = events.describeRule(r -> r.name("dev-scan-every-15-minutes"));
			assertThat(rule.scheduleExpression()).isEqualTo("rate(15 minutes)");
			String scanQueueArn = attributes(sqs, "dev-scan-trigger").get(QueueAttributeName.QUEUE_ARN);
			assertThat(events.listTargetsByRule(t -> t.rule("dev-scan-every-15-minutes")).targets()).singleElement()
				.satisfies(target -> assertThat(target.arn()).isEqualTo(scanQueueArn));
		}
	}

	@Test
	void deployedLogGroupsKeepServiceLogsThirtyDaysInDev() {
		try (CloudWatchLogsClient logs = client(CloudWatchLogsClient.builder())) {
			List<LogGroup> groups = logs.describeLogGroups(d -> d.logGroupNamePrefix("/jobsuite/dev/")).logGroups();
			assertThat(groups).extracting(LogGroup::logGroupName)
				.contains("/jobsuite/dev/worker", "/jobsuite/dev/scheduler", "/jobsuite/dev/api");
			assertThat(groups).allSatisfy(group -> assertThat(group.retentionInDays()).isEqualTo(30));
		}
	}

	private static Map<QueueAttributeName, String> attributes(SqsClient sqs, String name) {
		String url = sqs.getQueueUrl(q -> q.queueName(name)).queueUrl();
		return sqs.getQueueAttributes(a -> a.queueUrl(url).attributeNames(QueueAttributeName.ALL)).attributes();
	}

	private static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>, C> C client(
			B builder) {
		return builder.endpointOverride(moto.endpoint())
			.region(REGION)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
			.build();
	}

}
