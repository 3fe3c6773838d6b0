package io.jobsuite.worker.sqs;

import java.util.UUID;

import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.jobsuite.model.JobMessage;

import org.springframework.messaging.Message;

/** One received message and the job it points to. */
record Delivery(Message<String> message, JobMessage job) {

	UUID jobId() {
		return job.id();
	}

	String messageGroup() {
		return messageGroupOf(message);
	}

	static String messageId(Message<?> message) {
		Object id = message.getHeaders().get(SqsHeaders.MessageSystemAttributes.MESSAGE_ID);
		return id != null ? id.toString() : String.valueOf(message.getHeaders().getId());
	}

	/** How often SQS has handed this message out, this time included. */
	static int receiveCount(Message<?> message) {
		Object count = message.getHeaders().get(SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT);
		return count == null ? 1 : Integer.parseInt(count.toString());
	}

	static String messageGroupOf(Message<?> message) {
		return (String) message.getHeaders().get(SqsHeaders.MessageSystemAttributes.SQS_MESSAGE_GROUP_ID_HEADER);
	}

}
