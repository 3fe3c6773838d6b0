package io.jobsuite.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.CreateAlarmOptions;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * The dashboard and the alarms. Queue depth, age and DLQ depth use the native AWS/SQS
 * metrics, which exist before any service runs. Job metrics come from the services'
 * Micrometer CloudWatch registry and are read with SEARCH expressions, so widgets keep
 * working whatever job types and tags the services add.
 */
public class Monitoring extends Construct {

	private static final Duration PERIOD = Duration.minutes(5);

	private final Dashboard dashboard;

	private final List<Alarm> alarms = new ArrayList<>();

	private final StageConfig config;

	public Monitoring(Construct scope, String id, StageConfig config, JobQueues queues) {
		super(scope, id);
		this.config = config;
		Topic alarmTopic = Topic.Builder.create(this, "AlarmTopic")
			.topicName(config.name("jobsuite-alarms"))
			.enforceSsl(true)
			.build();
		config.alarmEmail().ifPresent(email -> alarmTopic.addSubscription(new EmailSubscription(email)));

		for (JobQueues.QueuePair pair : queues.all()) {
			alarms.add(dlqNotEmpty(pair.dlq(), pair.dlqName()));
			alarms.add(oldestMessageTooOld(pair.queue(), pair.name()));
		}
		alarms.add(failedJobs());
		alarms.add(FreshnessMetrics.clientsTwiceOverdue(this, config));
		SnsAction notify = new SnsAction(alarmTopic);
		alarms.forEach(alarm -> alarm.addAlarmAction(notify));

		this.dashboard = Dashboard.Builder.create(this, "Dashboard")
			.dashboardName(config.name("jobsuite"))
			.widgets(List.of(jobRow(), outcomeRow(), durationRow(), queueRow(queues), List.of(alarmStatus())))
			.build();
	}

	/** Any message in a DLQ needs a human: the threshold is one. */
	private Alarm dlqNotEmpty(IQueue dlq, String name) {
		return dlq.metricApproximateNumberOfMessagesVisible(sqsOptions("Maximum", Duration.minutes(1)))
			.createAlarm(this, idOf(dlq) + "NotEmpty", CreateAlarmOptions.builder()
				.alarmName(name + "-not-empty")
				.alarmDescription("A message reached a dead-letter queue: inspect it and redrive from the admin")
				.threshold(1)
				.comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
				.evaluationPeriods(1)
				.treatMissingData(TreatMissingData.NOT_BREACHING)
				.build());
	}

	private Alarm oldestMessageTooOld(IQueue queue, String name) {
		return queue.metricApproximateAgeOfOldestMessage(sqsOptions("Maximum", Duration.minutes(1)))
			.createAlarm(this, idOf(queue) + "OldestMessage",
					CreateAlarmOptions.builder()
						.alarmName(name + "-oldest-message-age")
						.alarmDescription("Messages wait longer than " + config.oldestMessageAgeAlarmSeconds()
								+ " s: workers are down, stuck or too few")
						.threshold(config.oldestMessageAgeAlarmSeconds())
						.comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
						.evaluationPeriods(3)
						.datapointsToAlarm(3)
						.treatMissingData(TreatMissingData.NOT_BREACHING)
						.build());
	}

	/**
	 * An alarm may hold one Metrics Insights query and no SEARCH, so it cannot divide
	 * failed by all completions summed over job types the infra does not know. It alarms
	 * on the failed count summed over every queue and type; the dashboard shows the true
	 * failure rate next to it.
	 */
	private Alarm failedJobs() {
		MathExpression failed = MathExpression.Builder.create()
			.expression("SELECT SUM(\"jobs.completed.count\") FROM \"" + ServiceFleet.METRICS_NAMESPACE
					+ "\" WHERE outcome = 'failed' AND stage = '" + config.stage() + "'")
			.usingMetrics(Map.of())
			.period(PERIOD)
			.label("Failed jobs")
			.build();
		return Alarm.Builder.create(this, "FailedJobs")
			.alarmName(config.name("jobsuite-failed-jobs"))
			.alarmDescription("More than " + config.failedJobsAlarmThreshold() + " jobs failed in 5 minutes")
			.metric(failed)
			.threshold(config.failedJobsAlarmThreshold())
			.comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
			.evaluationPeriods(1)
			.treatMissingData(TreatMissingData.NOT_BREACHING)
			.build();
	}

	private List<IWidget> jobRow() {
		return List.of(graph("Jobs enqueued per queue and type", search("jobs.enqueued.count", "", "Sum")),
				graph("Jobs started per queue and type", search("jobs.started.count", "", "Sum")),
				graph("Running jobs per queue", search("jobs.running.value", "", "Maximum")),
				graph("Failure rate (%)", failureRate()));
	}

	private List<IWidget> outcomeRow() {
		List<IWidget> row = new ArrayList<>(List.of("succeeded", "failed", "retried")
			.stream()
			.map(outcome -> (IWidget) graph("Jobs " + outcome + " per queue and type",
					search("jobs.completed.count", " outcome=\"" + outcome + "\"", "Sum")))
			.toList());
		// The worker counts dead letters on their own meter (jobs.dead{queue,kind},
		// malformed messages
		// included); outcome="dead" on jobs.completed is searched too so either
		// convention shows up.
		row.add(GraphWidget.Builder.create()
			.title("Jobs dead-lettered per queue")
			.left(List.of(search("jobs.dead.count", "", "Sum"),
					search("jobs.completed.count", " outcome=\"dead\"", "Sum")))
			.width(6)
			.build());
		return row;
	}

	/**
	 * Micrometer publishes each percentile as a gauge named {@code <timer>.percentile}
	 * with a phi tag.
	 */
	private List<IWidget> durationRow() {
		List<IMetric> percentiles = List.of("0.5", "0.95", "0.99")
			.stream()
			.map(phi -> (IMetric) search("jobs.duration.percentile.value", " phi=\"" + phi + "\"", "Maximum"))
			.toList();
		return List.of(
				GraphWidget.Builder.create().title("Job duration p50 / p95 / p99").left(percentiles).width(12).build(),
				graph("Job duration max", search("jobs.duration.max", "", "Maximum")),
				graph("Queue wait (avg)", search("jobs.queue.wait.avg", "", "Average")));
	}

	private List<IWidget> queueRow(JobQueues queues) {
		List<IMetric> depth = new ArrayList<>();
		List<IMetric> age = new ArrayList<>();
		List<IMetric> dlqDepth = new ArrayList<>();
		for (JobQueues.QueuePair pair : queues.all()) {
			depth.add(pair.queue().metricApproximateNumberOfMessagesVisible(sqsOptions("Maximum", PERIOD)));
			age.add(pair.queue().metricApproximateAgeOfOldestMessage(sqsOptions("Maximum", PERIOD)));
			dlqDepth.add(pair.dlq().metricApproximateNumberOfMessagesVisible(sqsOptions("Maximum", PERIOD)));
		}
		return List.of(
				GraphWidget.Builder.create().title("Queue depth (visible messages)").left(depth).width(8).build(),
				GraphWidget.Builder.create().title("Age of oldest message (s)").left(age).width(8).build(),
				GraphWidget.Builder.create().title("DLQ depth").left(dlqDepth).width(8).build());
	}

	private IWidget alarmStatus() {
		return AlarmStatusWidget.Builder.create().title("Alarms").alarms(List.copyOf(alarms)).width(24).build();
	}

	private MathExpression failureRate() {
		String failed = searchExpression("jobs.completed.count", " outcome=\"failed\"", "Sum");
		String all = searchExpression("jobs.completed.count", "", "Sum");
		return MathExpression.Builder.create()
			.expression("100 * SUM(" + failed + ") / SUM(" + all + ")")
			.usingMetrics(Map.of())
			.period(PERIOD)
			.label("Failed / completed %")
			.build();
	}

	private MathExpression search(String metricName, String filter, String statistic) {
		return MathExpression.Builder.create()
			.expression(searchExpression(metricName, filter, statistic))
			.usingMetrics(Map.of())
			.period(PERIOD)
			.build();
	}

	private String searchExpression(String metricName, String filter, String statistic) {
		return "SEARCH('Namespace=\"" + ServiceFleet.METRICS_NAMESPACE + "\" MetricName=\"" + metricName + "\" stage=\""
				+ config.stage() + "\"" + filter + "', '" + statistic + "', " + PERIOD.toSeconds() + ")";
	}

	private static GraphWidget graph(String title, IMetric metric) {
		return GraphWidget.Builder.create().title(title).left(List.of(metric)).width(6).build();
	}

	private static MetricOptions sqsOptions(String statistic, Duration period) {
		return MetricOptions.builder().statistic(statistic).period(period).build();
	}

	private static String idOf(IQueue queue) {
		return queue.getNode().getId();
	}

	public Dashboard dashboard() {
		return dashboard;
	}

}
