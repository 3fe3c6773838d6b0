package io.jobsuite.infra;

import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.autoscaling.AdjustmentType;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
import software.amazon.awscdk.services.autoscaling.BasicStepScalingPolicyProps;
import software.amazon.awscdk.services.autoscaling.ScalingInterval;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.sqs.IQueue;

/**
 * Scales the worker fleet on what the workers consume: the backlog (visible messages on
 * the three job queues) drives scale-out and scale-in, and the age of the oldest message
 * adds instances when jobs wait too long even though the backlog looks small (slow jobs).
 * A standard-queue message carries up to 10 jobs, so 100 visible messages can be up to
 * 1,000 jobs.
 */
final class WorkerScaling {

	private static final Duration PERIOD = Duration.minutes(1);

	private WorkerScaling() {
	}

	static void apply(AutoScalingGroup workers, JobQueues queues) {
		List<IQueue> consumed = queues.jobQueues().stream().map(JobQueues.QueuePair::queue).toList();
		workers.scaleOnMetric("ScaleOnBacklog", BasicStepScalingPolicyProps.builder()
			.metric(queueMetric("express + standard + fifo", consumed, "ApproximateNumberOfMessagesVisible", "Backlog"))
			.adjustmentType(AdjustmentType.CHANGE_IN_CAPACITY)
			.scalingSteps(List.of(ScalingInterval.builder().upper(10).change(-1).build(),
					ScalingInterval.builder().lower(100).change(1).build(),
					ScalingInterval.builder().lower(1000).change(3).build()))
			.build());
		workers.scaleOnMetric("ScaleOnOldestMessageAge",
				BasicStepScalingPolicyProps.builder()
					.metric(queueMetric("MAX([express, standard, fifo])", consumed, "ApproximateAgeOfOldestMessage",
							"Oldest message age"))
					.adjustmentType(AdjustmentType.CHANGE_IN_CAPACITY)
					.scalingSteps(List.of(ScalingInterval.builder().lower(300).change(1).build(),
							ScalingInterval.builder().lower(900).change(3).build()))
					.build());
	}

	private static IMetric queueMetric(String expression, List<IQueue> queues, String metricName, String label) {
		MetricOptions options = MetricOptions.builder().statistic("Maximum").period(PERIOD).build();
		return MathExpression.Builder.create()
			.expression(expression)
			.usingMetrics(Map.of("express", queues.get(0).metric(metricName, options), "standard",
					queues.get(1).metric(metricName, options), "fifo", queues.get(2).metric(metricName, options)))
			.period(PERIOD)
			.label(label)
			.build();
	}

}
