package io.jobsuite.infra;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import static org.assertj.core.api.Assertions.assertThat;

class SecurityTest {

	private final Template template = Synthesized.devTemplate();

	@Test
	void noIamPolicyGrantsEveryActionOnEveryResource() {
		List<Map<String, Object>> statements = Synthesized.statements(template);
		assertThat(statements).isNotEmpty();
		assertThat(statements).noneSatisfy(statement -> {
			assertThat(Synthesized.asList(statement.get("Action"))).contains("*");
			assertThat(Synthesized.asList(statement.get("Resource"))).contains("*");
		});
		assertThat(statements).flatExtracting(s -> Synthesized.asList(s.get("Action")))
			.noneMatch(action -> action.equals("*") || action.toString().endsWith(":*"));
	}

	@Test
	void onlyMetricAndTracePublishingUseAWildcardResourceMetricsOnlyInTheJobSuiteNamespace() {
		List<Map<String, Object>> wildcard = Synthesized.statements(template)
			.stream()
			.filter(s -> Synthesized.asList(s.get("Resource")).contains("*"))
			.toList();
		assertThat(wildcard).hasSize(6);
		assertThat(wildcard).filteredOn(statement -> statement.get("Condition") != null)
			.hasSize(3)
			.allSatisfy(statement -> {
				assertThat(statement.get("Action")).isEqualTo("cloudwatch:PutMetricData");
				assertThat(statement.get("Condition"))
					.isEqualTo(Map.of("StringEquals", Map.of("cloudwatch:namespace", "JobSuite")));
			});
		assertThat(wildcard).filteredOn(statement -> statement.get("Condition") == null)
			.hasSize(3)
			.allSatisfy(statement -> assertThat(Synthesized.asList(statement.get("Action")))
				.containsExactly("xray:PutTraceSegments", "xray:PutTelemetryRecords"));
	}

	@Test
	void workerConsumesTheJobQueuesAndSendsOnlyToThemAndTheirDeadLetterQueues() {
		assertThat(queuesWith("worker", "sqs:ReceiveMessage")).containsExactlyInAnyOrder("dev-jobs-express",
				"dev-jobs-standard", "dev-jobs-fifo.fifo");
		assertThat(queuesWith("worker", "sqs:SendMessage")).containsExactlyInAnyOrder("dev-jobs-express-dlq",
				"dev-jobs-standard-dlq", "dev-jobs-fifo-dlq.fifo", "dev-jobs-express", "dev-jobs-standard",
				"dev-jobs-fifo.fifo");
	}

	@Test
	void schedulerConsumesTheScanTriggerAndSendsToTheJobQueues() {
		assertThat(queuesWith("scheduler", "sqs:ReceiveMessage")).containsExactly("dev-scan-trigger");
		assertThat(queuesWith("scheduler", "sqs:SendMessage")).containsExactlyInAnyOrder("dev-jobs-express",
				"dev-jobs-standard", "dev-jobs-fifo.fifo");
	}

	@Test
	void apiSendsJobsRedrivesDeadLettersAndReadsEveryQueuesAttributes() {
		assertThat(queuesWith("api", "sqs:SendMessage")).containsExactlyInAnyOrder("dev-jobs-express",
				"dev-jobs-standard", "dev-jobs-fifo.fifo");
		assertThat(queuesWith("api", "sqs:ReceiveMessage")).containsExactlyInAnyOrder("dev-jobs-express-dlq",
				"dev-jobs-standard-dlq", "dev-jobs-fifo-dlq.fifo");
		assertThat(queuesWith("api", "sqs:GetQueueAttributes")).hasSize(8);
	}

	@Test
	void everyServiceReadsTheDatabaseSecretThroughItsRole() {
		for (String service : List.of("worker", "scheduler", "api")) {
			assertThat(statementsOf(service)).as(service)
				.anySatisfy(
						s -> assertThat(Synthesized.asList(s.get("Action"))).contains("secretsmanager:GetSecretValue"));
		}
	}

	@Test
	void onlyTheThreeServiceSecurityGroupsReachMysql() {
		String databaseGroup = template
			.findResources("AWS::EC2::SecurityGroup",
					Map.of("Properties",
							Map.of("GroupDescription", "MySQL: reachable only from the JobSuite services")))
			.keySet()
			.iterator()
			.next();
		List<Map<String, Object>> ingress = Synthesized.properties(template, "AWS::EC2::SecurityGroupIngress")
			.values()
			.stream()
			.filter(rule -> rule.get("GroupId").equals(Map.of("Fn::GetAtt", List.of(databaseGroup, "GroupId"))))
			.toList();
		Set<String> fleetGroups = template
			.findResources("AWS::EC2::SecurityGroup",
					Map.of("Properties", Map.of("GroupDescription", Match.stringLikeRegexp("JobSuite .* instances"))))
			.keySet();
		assertThat(fleetGroups).hasSize(3);
		assertThat(ingress).hasSize(3).allSatisfy(rule -> {
			assertThat(rule).containsEntry("FromPort", 3306).containsEntry("ToPort", 3306);
			assertThat(fleetGroups).contains(getAttId(rule.get("SourceSecurityGroupId")));
		});
	}

	@Test
	@SuppressWarnings("unchecked")
	void noSecurityGroupOpensSsh() {
		List<Map<String, Object>> rules = new java.util.ArrayList<>(
				Synthesized.properties(template, "AWS::EC2::SecurityGroupIngress").values());
		Synthesized.properties(template, "AWS::EC2::SecurityGroup")
			.values()
			.forEach(group -> Synthesized.asList(group.get("SecurityGroupIngress"))
				.forEach(rule -> rules.add((Map<String, Object>) rule)));
		assertThat(rules).isNotEmpty().noneSatisfy(rule -> {
			assertThat(rule.get("IpProtocol")).isIn("tcp", "-1");
			if ("tcp".equals(rule.get("IpProtocol"))) {
				assertThat((Integer) rule.get("FromPort")).isLessThanOrEqualTo(22);
				assertThat((Integer) rule.get("ToPort")).isGreaterThanOrEqualTo(22);
			}
		});
	}

	@Test
	void cdkNagReportsNoUnsuppressedFindingsInDevOrProd() {
		for (JobSuiteStack stack : List.of(Synthesized.dev(), Synthesized.prod())) {
			assertThat(Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*")))
				.as(stack.getStackName())
				.isEmpty();
			assertThat(Annotations.fromStack(stack).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")))
				.as(stack.getStackName())
				.isEmpty();
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void nagSuppressionsAreTheDocumentedOnesEachWithAReason() {
		Set<String> suppressed = new java.util.TreeSet<>();
		Map<String, Map<String, Object>> resources = (Map<String, Map<String, Object>>) template.toJSON()
			.get("Resources");
		resources.values().forEach(resource -> {
			Map<String, Object> metadata = (Map<String, Object>) resource.getOrDefault("Metadata", Map.of());
			Map<String, Object> nag = (Map<String, Object>) metadata.getOrDefault("cdk_nag", Map.of());
			Synthesized.asList(nag.get("rules_to_suppress")).forEach(rule -> {
				Map<String, Object> suppression = (Map<String, Object>) rule;
				assertThat((String) suppression.get("reason")).as("reason of %s", suppression.get("id"))
					.hasSizeGreaterThan(40);
				suppressed.add((String) suppression.get("id"));
			});
		});
		assertThat(suppressed).containsExactly("AwsSolutions-AS3", "AwsSolutions-COG3", "AwsSolutions-EC23",
				"AwsSolutions-ELB2", "AwsSolutions-IAM4", "AwsSolutions-IAM5", "AwsSolutions-RDS10",
				"AwsSolutions-RDS11", "AwsSolutions-RDS3", "AwsSolutions-SMG4");
	}

	private Set<String> queuesWith(String service, String action) {
		Map<String, String> queueNames = Synthesized.properties(template, "AWS::SQS::Queue")
			.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, e -> (String) e.getValue().get("QueueName")));
		return statementsOf(service).stream()
			.filter(s -> Synthesized.asList(s.get("Action")).contains(action))
			.flatMap(s -> Synthesized.asList(s.get("Resource")).stream())
			.map(SecurityTest::getAttId)
			.filter(queueNames::containsKey)
			.map(queueNames::get)
			.collect(Collectors.toSet());
	}

	private List<Map<String, Object>> statementsOf(String service) {
		String role = template
			.findResources("AWS::IAM::Role", Map.of("Properties", Map.of("RoleName", "dev-jobsuite-" + service)))
			.keySet()
			.iterator()
			.next();
		Set<String> policies = Synthesized.properties(template, "AWS::IAM::Policy")
			.entrySet()
			.stream()
			.filter(e -> Synthesized.asList(e.getValue().get("Roles")).contains(Map.of("Ref", role)))
			.map(Map.Entry::getKey)
			.collect(Collectors.toSet());
		assertThat(policies).as("policies of " + service).isNotEmpty();
		return Synthesized.statements(template).stream().filter(s -> policies.contains(s.get("_policy"))).toList();
	}

	@SuppressWarnings("unchecked")
	private static String getAttId(Object value) {
		if (value instanceof Map<?, ?> map && map.get("Fn::GetAtt") instanceof List<?> getAtt) {
			return (String) getAtt.get(0);
		}
		return String.valueOf(value);
	}

}
