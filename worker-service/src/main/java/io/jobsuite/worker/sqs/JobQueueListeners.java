package io.jobsuite.worker.sqs;

import java.util.List;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.jobsuite.model.QueueKind;

import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * One listener per queue, each on its own container so the express queue never waits
 * behind the others. Acknowledgement is manual and never used: {@link MessageSettler}
 * deletes what is settled.
 */
@Component
class JobQueueListeners {

	private final MessageBatchProcessor processor;

	JobQueueListeners(MessageBatchProcessor processor) {
		this.processor = processor;
	}

	@SqsListener(value = "${jobs.queues.express}", factory = ListenerContainers.EXPRESS, id = "express")
	void express(List<Message<String>> messages) {
		processor.process(QueueKind.EXPRESS, messages);
	}

	@SqsListener(value = "${jobs.queues.standard}", factory = ListenerContainers.STANDARD, id = "standard")
	void standard(List<Message<String>> messages) {
		processor.process(QueueKind.STANDARD, messages);
	}

	@SqsListener(value = "${jobs.queues.fifo}", factory = ListenerContainers.FIFO, id = "fifo")
	void fifo(List<Message<String>> messages) {
		processor.process(QueueKind.FIFO, messages);
	}

}
