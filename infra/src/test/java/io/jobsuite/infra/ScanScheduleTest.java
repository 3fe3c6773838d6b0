package io.jobsuite.infra;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import static org.assertj.core.api.Assertions.assertThat;

class ScanScheduleTest {

	private final Template template = Synthesized.devTemplate();

	@Test
	void scanRuleFiresEveryFifteenMinutesIntoTheScanTriggerQueue() {
		String scanQueue = logicalId("AWS::SQS::Queue", "QueueName", "dev-scan-trigger");
		template.hasResourceProperties("AWS::Events::Rule",
				Map.of("ScheduleExpression", "rate(15 minutes)", "State", "ENABLED", "Targets",
						List.of(Match.objectLike(Map.of("Arn", Map.of("Fn::GetAtt", List.of(scanQueue, "Arn")))))));
	}

	@Test
	void scanTriggerQueueAcceptsMessagesOnlyFromTheRule() {
		String scanQueue = logicalId("AWS::SQS::Queue", "QueueName", "dev-scan-trigger");
		String rule = template.findResources("AWS::Events::Rule").keySet().iterator().next();
		template.hasResourceProperties("AWS::SQS::QueuePolicy",
				Map.of("Queues", List.of(Map.of("Ref", scanQueue)), "PolicyDocument",
						Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of("Action",
								List.of("sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"), "Principal",
								Map.of("Service", "events.amazonaws.com"), "Condition", Map.of("ArnEquals",
										Map.of("aws:SourceArn", Map.of("Fn::GetAtt", List.of(rule, "Arn"))))))))))));
	}

	private String logicalId(String type, String key, String value) {
		var matches = template.findResources(type, Map.of("Properties", Map.of(key, value)));
		assertThat(matches).hasSize(1);
		return matches.keySet().iterator().next();
	}

}
