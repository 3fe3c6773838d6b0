package io.jobsuite.api.queues;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.jobsuite.model.QueueKind;
import io.jobsuite.model.queue.JobQueuesProperties;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Readiness of the queues ({@code queues} in the health groups): each job queue and its
 * dead-letter queue resolves on SQS now. Asked fresh every time, unlike the cached URLs
 * the senders use, so that a deleted queue or an unreachable endpoint takes the instance
 * out of the load balancer.
 */
@Component("queues")
class QueuesHealthIndicator extends AbstractHealthIndicator {

	private final SqsAsyncClient sqs;

	private final JobQueuesProperties queues;

	private final QueueStatsProperties properties;

	QueuesHealthIndicator(SqsAsyncClient sqs, JobQueuesProperties queues, QueueStatsProperties properties) {
		super("Queues are not reachable");
		this.sqs = sqs;
		this.queues = queues;
		this.properties = properties;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		for (QueueKind queue : QueueKind.values()) {
			builder.withDetail(queue.tag(), resolve(queues.nameOf(queue)));
			resolve(queues.deadLetterNameOf(queue));
		}
		builder.up();
	}

	private String resolve(String nameOrUrl) throws Exception {
		CompletableFuture<?> check = nameOrUrl.startsWith("http")
				? sqs.getQueueAttributes(r -> r.queueUrl(nameOrUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
				: sqs.getQueueUrl(r -> r.queueName(nameOrUrl));
		check.get(properties.healthTimeout().toMillis(), TimeUnit.MILLISECONDS);
		return nameOrUrl;
	}

}
