package io.jobsuite.infra;

import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.autoscaling.AdjustmentType;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
import software.amazon.awscdk.services.autoscaling.BasicStepScalingPolicyProps;
import software.amazon.awscdk.services.autoscaling.ScalingInterval;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.constructs.Construct;

/**
 * What the API's freshness poll publishes (README, "Freshness"), used by the alarms and
 * the worker scaling. The gauges carry the service's instance tags, so they are read with
 * Metrics Insights queries (one series, the maximum over instances) rather than by exact
 * dimensions.
 */
final class FreshnessMetrics {

	private FreshnessMetrics() {
	}

	/**
	 * Clients whose last successful sync is older than twice their interval, for three
	 * periods: fifteen minutes, a scan window, during which a scan could have caught them
	 * up and did not.
	 */
	static Alarm clientsTwiceOverdue(Construct scope, StageConfig config) {
		return Alarm.Builder.create(scope, "ClientsTwiceOverdue")
			.alarmName(config.name("jobsuite-clients-overdue"))
			.alarmDescription("Clients not synced successfully for more than twice their interval: see the admin's"
					+ " freshness panel, then the queues, the workers and the sources")
			.metric(query("jobs.clients.overdue.value", "factor = '2x' AND ", config, Duration.minutes(5),
					"Clients overdue 2x"))
			.threshold(0)
			.comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
			.evaluationPeriods(3)
			.datapointsToAlarm(3)
			.treatMissingData(TreatMissingData.NOT_BREACHING)
			.build();
	}

	/**
	 * Adds workers when the waiting jobs would take longer than the scan window to drain
	 * at the recent rate (ratio 1), and more at twice it; scale-in is left to the backlog
	 * policy.
	 */
	static void scaleOnDrainForecast(AutoScalingGroup workers, StageConfig config) {
		workers.scaleOnMetric("ScaleOnDrainForecast",
				BasicStepScalingPolicyProps.builder()
					.metric(query("jobs.backlog.drain.ratio.value", "", config, Duration.minutes(1),
							"Backlog drain forecast / scan window"))
					.adjustmentType(AdjustmentType.CHANGE_IN_CAPACITY)
					.scalingSteps(List.of(ScalingInterval.builder().lower(1).change(1).build(),
							ScalingInterval.builder().lower(2).change(3).build()))
					.build());
	}

	private static MathExpression query(String metricName, String filter, StageConfig config, Duration period,
			String label) {
		return MathExpression.Builder.create()
			.expression("SELECT MAX(\"" + metricName + "\") FROM \"" + ServiceFleet.METRICS_NAMESPACE + "\" WHERE "
					+ filter + "stage = '" + config.stage() + "'")
			.usingMetrics(Map.of())
			.period(period)
			.label(label)
			.build();
	}

}
