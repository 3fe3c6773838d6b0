package io.jobsuite.api.queues;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.jobsuite.api.health.CachedHealth;
import io.jobsuite.api.health.HealthProperties;
import io.jobsuite.model.QueueKind;
import io.jobsuite.model.queue.JobQueuesProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness of the queues ({@code queues} in the health groups): each job queue and its
 * dead-letter queue resolves on SQS. Asked afresh, unlike the cached URLs the senders
 * use, so that a deleted queue or an unreachable endpoint takes the instance out of the
 * load balancer; but at most once per {@code jobs.health.cache-for} (six SQS calls a
 * probe), since health is public.
 */
@Component("queues")
class QueuesHealthIndicator implements HealthIndicator {

	private static final Logger log = LoggerFactory.getLogger(QueuesHealthIndicator.class);

	private final SqsAsyncClient sqs;

	private final JobQueuesProperties queues;

	private final QueueStatsProperties properties;

	private final CachedHealth cached;

	QueuesHealthIndicator(SqsAsyncClient sqs, JobQueuesProperties queues, QueueStatsProperties properties,
			HealthProperties health, Clock clock) {
		this.sqs = sqs;
		this.queues = queues;
		this.properties = properties;
		this.cached = new CachedHealth(this::probe, health.cacheFor(), clock);
	}

	@Override
	public Health health() {
		return cached.health();
	}

	private Health probe() {
		Health.Builder builder = Health.up();
		try {
			for (QueueKind queue : QueueKind.values()) {
				builder.withDetail(queue.tag(), resolve(queues.nameOf(queue)));
				resolve(queues.deadLetterNameOf(queue));
			}
			return builder.build();
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			log.warn("Queues are not reachable: {}", ex.toString());
			return Health.down(ex).build();
		}
	}

	private String resolve(String nameOrUrl) throws Exception {
		CompletableFuture<?> check = nameOrUrl.startsWith("http")
				? sqs.getQueueAttributes(r -> r.queueUrl(nameOrUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
				: sqs.getQueueUrl(r -> r.queueName(nameOrUrl));
		check.get(properties.healthTimeout().toMillis(), TimeUnit.MILLISECONDS);
		return nameOrUrl;
	}

}
