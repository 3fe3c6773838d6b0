package io.jobsuite.infra;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The freshness alarm and the drain-forecast scaling read what the API's freshness poll
 * publishes, by the names the Micrometer CloudWatch registry gives gauges.
 */
class FreshnessMetricsTest {

	private final Template template = Synthesized.devTemplate();

	@Test
	void clientsTwiceOverdueForAScanWindowAlarmToTheTopic() {
		template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "dev-jobsuite-clients-overdue",
				"Threshold", 0, "ComparisonOperator", "GreaterThanThreshold", "EvaluationPeriods", 3,
				"DatapointsToAlarm", 3, "AlarmActions",
				List.of(Map.of("Ref", Match.stringLikeRegexp("MonitoringAlarmTopic.*"))), "Metrics",
				List.of(Match.objectLike(Map.of("Expression",
						"SELECT MAX(\"jobs.clients.overdue.value\") FROM \"JobSuite\" WHERE factor = '2x' AND stage = 'dev'",
						"Period", 300)))));
	}

	@Test
	void workersScaleOutWhenTheBacklogWouldOutlastTheScanWindow() {
		template.hasResourceProperties("AWS::CloudWatch::Alarm",
				Map.of("Threshold", 1, "ComparisonOperator", "GreaterThanOrEqualToThreshold", "AlarmActions",
						List.of(Map.of("Ref", Match.stringLikeRegexp("WorkerFleetGroupScaleOnDrainForecast.*"))),
						"Metrics",
						List.of(Match.objectLike(Map.of("Expression",
								"SELECT MAX(\"jobs.backlog.drain.ratio.value\") FROM \"JobSuite\" WHERE stage = 'dev'",
								"Period", 60)))));
		template.hasResourceProperties("AWS::AutoScaling::ScalingPolicy",
				Map.of("PolicyType", "StepScaling", "StepAdjustments",
						List.of(Map.of("MetricIntervalLowerBound", 0, "MetricIntervalUpperBound", 1,
								"ScalingAdjustment", 1),
								Map.of("MetricIntervalLowerBound", 1, "ScalingAdjustment", 3))));
	}

}
