package io.jobsuite.model.queue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates queues with their dead-letter queues and redrive policy on an emulator
 * (ElasticMQ, LocalStack) for tests and the local run. In AWS the infra stack owns the
 * queues; the same names and redrive apply.
 */
public final class QueueProvisioner {

	/**
	 * Receives before SQS itself moves a message to the DLQ: the safety net for crashing
	 * workers.
	 */
	public static final int MAX_RECEIVE_COUNT = 5;

	private final SqsClient sqs;

	private final Duration visibility;

	public QueueProvisioner(SqsClient sqs, Duration visibility) {
		this.sqs = sqs;
		this.visibility = visibility;
	}

	/** Creates the three job queues with their DLQs. */
	public void createJobQueues(JobQueuesProperties queues) {
		createWithDeadLetterQueue(queues.express());
		createWithDeadLetterQueue(queues.standard());
		createWithDeadLetterQueue(queues.fifo());
	}

	/** Creates {@code name} and its DLQ (idempotent); returns the queue URL. */
	public String createWithDeadLetterQueue(String name) {
		boolean fifo = name.endsWith(".fifo");
		String deadLetterUrl = sqs
			.createQueue(r -> r.queueName(JobQueuesProperties.deadLetterName(name))
				.attributes(attributes(fifo, Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600"))))
			.queueUrl();
		String deadLetterArn = sqs
			.getQueueAttributes(r -> r.queueUrl(deadLetterUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
			.attributes()
			.get(QueueAttributeName.QUEUE_ARN);
		String redrive = "{\"deadLetterTargetArn\":\"" + deadLetterArn + "\",\"maxReceiveCount\":\"" + MAX_RECEIVE_COUNT
				+ "\"}";
		return sqs
			.createQueue(r -> r.queueName(name)
				.attributes(attributes(fifo, Map.of(QueueAttributeName.VISIBILITY_TIMEOUT,
						Long.toString(visibility.toSeconds()), QueueAttributeName.REDRIVE_POLICY, redrive))))
			.queueUrl();
	}

	private static Map<QueueAttributeName, String> attributes(boolean fifo, Map<QueueAttributeName, String> extra) {
		Map<QueueAttributeName, String> attributes = new HashMap<>(extra);
		if (fifo) {
			attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
		}
		return attributes;
	}

}
