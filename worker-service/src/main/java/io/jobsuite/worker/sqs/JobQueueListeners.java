package io.jobsuite.worker.sqs;

import java.util.List;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.acknowledgement.BatchAcknowledgement;
import io.jobsuite.model.QueueKind;

import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * One listener per queue, each on its own container so the express queue never waits
 * behind the others.
 */
@Component
class JobQueueListeners {

	private final MessageBatchProcessor processor;

	JobQueueListeners(MessageBatchProcessor processor) {
		this.processor = processor;
	}

	@SqsListener(value = "${jobs.queues.express}", factory = ListenerContainers.EXPRESS, id = "express")
	void express(List<Message<String>> messages, BatchAcknowledgement<String> acknowledgement) {
		processor.process(QueueKind.EXPRESS, messages, acknowledgement);
	}

	@SqsListener(value = "${jobs.queues.standard}", factory = ListenerContainers.STANDARD, id = "standard")
	void standard(List<Message<String>> messages, BatchAcknowledgement<String> acknowledgement) {
		processor.process(QueueKind.STANDARD, messages, acknowledgement);
	}

	@SqsListener(value = "${jobs.queues.fifo}", factory = ListenerContainers.FIFO, id = "fifo")
	void fifo(List<Message<String>> messages, BatchAcknowledgement<String> acknowledgement) {
		processor.process(QueueKind.FIFO, messages, acknowledgement);
	}

}
