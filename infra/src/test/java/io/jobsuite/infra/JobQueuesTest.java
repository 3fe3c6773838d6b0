package io.jobsuite.infra;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.jobsuite.model.queue.QueueProvisioner;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import static org.assertj.core.api.Assertions.assertThat;

class JobQueuesTest {

	private final Template template = Synthesized.devTemplate();

	private final Map<String, Map<String, Object>> queues = Synthesized.properties(template, "AWS::SQS::Queue");

	@Test
	void queuesHaveTheNamesTheServicesListenOn() {
		assertThat(queues.values()).extracting(props -> props.get("QueueName"))
			.containsExactlyInAnyOrder("dev-jobs-express", "dev-jobs-express-dlq", "dev-jobs-standard",
					"dev-jobs-standard-dlq", "dev-jobs-fifo.fifo", "dev-jobs-fifo-dlq.fifo", "dev-scan-trigger",
					"dev-scan-trigger-dlq");
	}

	@Test
	@SuppressWarnings("unchecked")
	void everyQueueHasDeadLetterQueueRedriveAndEncryption() {
		Map<String, String> nameById = queues.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, e -> (String) e.getValue().get("QueueName")));
		List<Map<String, Object>> mainQueues = queues.values().stream().filter(q -> !isDlq(q)).toList();
		assertThat(mainQueues).hasSize(4);
		for (Map<String, Object> queue : mainQueues) {
			Map<String, Object> redrive = (Map<String, Object>) queue.get("RedrivePolicy");
			// The queues tests and the fault suite create (QueueProvisioner) redrive like
			// the deployed ones.
			assertThat(redrive).as("redrive of %s", queue.get("QueueName"))
				.containsEntry("maxReceiveCount", QueueProvisioner.MAX_RECEIVE_COUNT);
			String dlqId = (String) ((List<Object>) ((Map<String, Object>) redrive.get("deadLetterTargetArn"))
				.get("Fn::GetAtt")).get(0);
			String name = (String) queue.get("QueueName");
			assertThat(nameById.get(dlqId))
				.isEqualTo(name.endsWith(".fifo") ? name.replace(".fifo", "-dlq.fifo") : name + "-dlq");
		}
		assertThat(queues.values()).allSatisfy(queue -> assertThat(queue).containsEntry("SqsManagedSseEnabled", true));
	}

	@Test
	void visibilityAndRetentionMatchTheWorkersLease() {
		for (Map<String, Object> queue : queues.values()) {
			if (isDlq(queue)) {
				assertThat(queue).containsEntry("MessageRetentionPeriod", 14 * 24 * 3600);
			}
			else {
				assertThat(queue).containsEntry("MessageRetentionPeriod", 4 * 24 * 3600)
					.containsEntry("VisibilityTimeout", 60);
			}
		}
	}

	@Test
	void fifoQueueExpectsExplicitDeduplicationIdsAndDefaultThroughput() {
		template.hasResourceProperties("AWS::SQS::Queue",
				Map.of("QueueName", "dev-jobs-fifo.fifo", "FifoQueue", true, "ContentBasedDeduplication", false,
						"DeduplicationScope", Match.absent(), "FifoThroughputLimit", Match.absent()));
	}

	@Test
	void fifoHighThroughputModeIsSwitchedOnByContext() {
		Synthesized.prodTemplate()
			.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", "prod-jobs-fifo.fifo", "DeduplicationScope",
					"messageGroup", "FifoThroughputLimit", "perMessageGroupId", "ContentBasedDeduplication", false));
	}

	@Test
	void maxReceiveCountComesFromContext() {
		Template custom = Template.fromStack(Stages.synth("dev", Map.of("maxReceiveCount", "3")));
		assertThat(Synthesized.properties(custom, "AWS::SQS::Queue").values()).filteredOn(q -> !isDlq(q))
			.allSatisfy(q -> assertThat(q.get("RedrivePolicy").toString()).contains("maxReceiveCount=3"));
	}

	@Test
	void queuesRejectUnencryptedTransport() {
		assertThat(Synthesized.properties(template, "AWS::SQS::QueuePolicy")
			.values()
			.stream()
			.map(policy -> policy.toString())
			.filter(policy -> policy.contains("aws:SecureTransport"))).hasSize(8);
	}

	@Test
	void queueNamesAreExportedForTheServices() {
		for (String output : List.of("ExpressQueueName", "StandardQueueName", "FifoQueueName",
				"ScanTriggerQueueName")) {
			template.hasOutput(output, Map.of("Export", Map.of("Name", "dev-" + output)));
		}
	}

	private static boolean isDlq(Map<String, Object> queue) {
		return ((String) queue.get("QueueName")).matches(".*-dlq(\\.fifo)?");
	}

}
