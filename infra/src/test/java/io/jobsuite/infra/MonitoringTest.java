package io.jobsuite.infra;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import static org.assertj.core.api.Assertions.assertThat;

class MonitoringTest {

	private final Template template = Synthesized.devTemplate();

	@Test
	void everyDeadLetterQueueAlarmsOnItsFirstMessage() {
		for (String dlq : List.of("dev-jobs-express-dlq", "dev-jobs-standard-dlq", "dev-jobs-fifo-dlq.fifo",
				"dev-scan-trigger-dlq")) {
			template.hasResourceProperties("AWS::CloudWatch::Alarm",
					Map.of("AlarmName", dlq + "-not-empty", "Namespace", "AWS/SQS", "MetricName",
							"ApproximateNumberOfMessagesVisible", "Threshold", 1, "ComparisonOperator",
							"GreaterThanOrEqualToThreshold", "AlarmActions", List.of(Map.of("Ref", topic()))));
		}
	}

	@Test
	void everyQueueAlarmsWhenItsOldestMessageIsTooOld() {
		for (String queue : List.of("dev-jobs-express", "dev-jobs-standard", "dev-jobs-fifo.fifo",
				"dev-scan-trigger")) {
			template.hasResourceProperties("AWS::CloudWatch::Alarm",
					Map.of("AlarmName", queue + "-oldest-message-age", "Namespace", "AWS/SQS", "MetricName",
							"ApproximateAgeOfOldestMessage", "Threshold", 900, "ComparisonOperator",
							"GreaterThanThreshold", "AlarmActions", List.of(Map.of("Ref", topic()))));
		}
	}

	@Test
	void failedJobsAlarmQueriesTheServicesCompletionMetric() {
		template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "dev-jobsuite-failed-jobs",
				"Threshold", 10, "AlarmActions", List.of(Map.of("Ref", topic())), "Metrics",
				List.of(Match.objectLike(Map.of("Expression",
						"SELECT SUM(\"jobs.completed.count\") FROM \"JobSuite\" WHERE outcome = 'failed' AND stage = 'dev'",
						"Period", 300)))));
	}

	@Test
	void dashboardShowsJobOutcomesDurationsQueuesAndRunningJobs() {
		String body = Synthesized.literalText(Synthesized.properties(template, "AWS::CloudWatch::Dashboard")
			.values()
			.iterator()
			.next()
			.get("DashboardBody"));
		assertThat(body).contains("MetricName=\\\"jobs.enqueued.count\\\"")
			.contains("MetricName=\\\"jobs.started.count\\\"")
			.contains("MetricName=\\\"jobs.running.value\\\"")
			.contains("MetricName=\\\"jobs.duration.max\\\"")
			.contains("MetricName=\\\"jobs.queue.wait.avg\\\"");
		for (String outcome : List.of("succeeded", "failed", "retried")) {
			assertThat(body).contains("\"title\":\"Jobs " + outcome + " per queue and type\"")
				.contains("outcome=\\\"" + outcome + "\\\"");
		}
		assertThat(body).contains("\"title\":\"Jobs dead-lettered per queue\"")
			.contains("MetricName=\\\"jobs.dead.count\\\"")
			.contains("outcome=\\\"dead\\\"");
		for (String phi : List.of("0.5", "0.95", "0.99")) {
			assertThat(body)
				.contains("MetricName=\\\"jobs.duration.percentile.value\\\" stage=\\\"dev\\\" phi=\\\"" + phi);
		}
		assertThat(body).contains("\"title\":\"Queue depth (visible messages)\"")
			.contains("\"title\":\"Age of oldest message (s)\"")
			.contains("\"title\":\"DLQ depth\"")
			.contains("\"title\":\"Failure rate (%)\"")
			.contains("[\"AWS/SQS\",\"ApproximateNumberOfMessagesVisible\",\"QueueName\"")
			.contains("[\"AWS/SQS\",\"ApproximateAgeOfOldestMessage\",\"QueueName\"")
			.contains("\"type\":\"alarm\"");
	}

	private String topic() {
		return template
			.findResources("AWS::SNS::Topic", Map.of("Properties", Map.of("TopicName", "dev-jobsuite-alarms")))
			.keySet()
			.iterator()
			.next();
	}

}
