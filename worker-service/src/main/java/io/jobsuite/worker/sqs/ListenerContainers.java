package io.jobsuite.worker.sqs;

import java.time.Duration;
import java.util.List;

import io.awspring.cloud.sqs.config.SqsMessageListenerContainerFactory;
import io.awspring.cloud.sqs.listener.FifoBatchGroupingStrategy;
import io.awspring.cloud.sqs.listener.ListenerMode;
import io.awspring.cloud.sqs.listener.acknowledgement.handler.AcknowledgementMode;
import io.jobsuite.model.QueueKind;
import io.jobsuite.worker.run.HandlerExecutors;
import io.jobsuite.worker.WorkerProperties;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** A listener container factory per queue, sized from {@link WorkerProperties}. */
@Configuration(proxyBeanMethods = false)
class ListenerContainers {

	static final String EXPRESS = "expressContainerFactory";

	static final String STANDARD = "standardContainerFactory";

	static final String FIFO = "fifoContainerFactory";

	/**
	 * Containers wait this much longer than the shutdown grace: at the grace, the
	 * heartbeat stops what still runs and its batch gives it back, and those batches must
	 * be able to settle (visibility 0) before the container interrupts its own threads.
	 */
	private static final Duration RELEASE_MARGIN = Duration.ofSeconds(15);

	@Bean(EXPRESS)
	SqsMessageListenerContainerFactory<Object> expressContainerFactory(SqsAsyncClient sqs, WorkerProperties worker) {
		return factory(sqs, worker, QueueKind.EXPRESS);
	}

	@Bean(STANDARD)
	SqsMessageListenerContainerFactory<Object> standardContainerFactory(SqsAsyncClient sqs, WorkerProperties worker) {
		return factory(sqs, worker, QueueKind.STANDARD);
	}

	@Bean(FIFO)
	SqsMessageListenerContainerFactory<Object> fifoContainerFactory(SqsAsyncClient sqs, WorkerProperties worker) {
		return factory(sqs, worker, QueueKind.FIFO);
	}

	/**
	 * Runs the handlers of a batch side by side, on threads of the batch's queue, so that
	 * a standard backlog never takes the threads of the FIFO or express queues.
	 */
	@Bean
	HandlerExecutors handlerExecutors(WorkerProperties worker) {
		return new HandlerExecutors(handlerPool(QueueKind.EXPRESS, worker), handlerPool(QueueKind.STANDARD, worker),
				handlerPool(QueueKind.FIFO, worker));
	}

	/**
	 * The queue's handler threads; the jobs in hand beyond them (bundles) wait their
	 * turn.
	 */
	private static ThreadPoolTaskExecutor handlerPool(QueueKind queue, WorkerProperties worker) {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		int threads = worker.consumersOf(queue).threads();
		executor.setCorePoolSize(threads);
		executor.setMaxPoolSize(threads);
		executor.setThreadNamePrefix("job-" + queue.tag() + "-");
		executor.setWaitForTasksToCompleteOnShutdown(true);
		executor.setAwaitTerminationSeconds((int) worker.shutdownGrace().plus(RELEASE_MARGIN).toSeconds());
		executor.initialize();
		return executor;
	}

	private static SqsMessageListenerContainerFactory<Object> factory(SqsAsyncClient sqs, WorkerProperties worker,
			QueueKind queue) {
		WorkerProperties.Consumers consumers = worker.consumersOf(queue);
		return SqsMessageListenerContainerFactory.builder().sqsAsyncClient(sqs).configure(options -> {
			options.listenerMode(ListenerMode.BATCH)
				.acknowledgementMode(AcknowledgementMode.MANUAL)
				.maxConcurrentMessages(Math.max(consumers.concurrency(), consumers.batchSize()))
				.maxMessagesPerPoll(consumers.batchSize())
				.pollTimeout(Duration.ofSeconds(10))
				.maxDelayBetweenPolls(Duration.ofSeconds(10))
				.messageVisibility(worker.visibility())
				.listenerShutdownTimeout(worker.shutdownGrace().plus(RELEASE_MARGIN))
				.acknowledgementInterval(Duration.ofMillis(200))
				.acknowledgementThreshold(10)
				.messageSystemAttributeNames(List.of(MessageSystemAttributeName.MESSAGE_GROUP_ID,
						MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
						MessageSystemAttributeName.SENT_TIMESTAMP));
			if (queue.isFifo()) {
				options.fifoBatchGroupingStrategy(FifoBatchGroupingStrategy.PROCESS_MULTIPLE_GROUPS_IN_SAME_BATCH);
			}
		}).build();
	}

}
