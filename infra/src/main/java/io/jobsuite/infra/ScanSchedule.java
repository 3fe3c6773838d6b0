package io.jobsuite.infra;

import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.SqsQueue;
import software.amazon.awscdk.services.events.targets.SqsQueueProps;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * Every 15 minutes, puts a message on the scan-trigger queue that the scheduler-service
 * listens on. A queue rather than a direct invocation means a scheduler that is down or
 * deploying picks the tick up later, and the SqsQueue target writes a queue policy that
 * admits only this rule (aws:SourceArn).
 */
public class ScanSchedule extends Construct {

	static final Duration INTERVAL = Duration.minutes(15);

	public ScanSchedule(Construct scope, String id, StageConfig config, IQueue scanTrigger) {
		super(scope, id);
		Rule.Builder.create(this, "Rule")
			.ruleName(config.name("scan-every-15-minutes"))
			.description("Triggers the scheduler-service's scan of clients due for a sync")
			.schedule(Schedule.rate(INTERVAL))
			.targets(List.of(new SqsQueue(scanTrigger,
					SqsQueueProps.builder()
						.message(RuleTargetInput.fromObject(Map.of("trigger", "scan", "source", "schedule")))
						.build())))
			.build();
	}

}
