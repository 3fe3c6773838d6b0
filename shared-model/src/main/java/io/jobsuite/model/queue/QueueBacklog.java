package io.jobsuite.model.queue;

import io.jobsuite.model.QueueKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Whether a queue has messages waiting to be received. The relay asks before it sends a
 * job again that was sent already: while messages wait, the job's own may be among them,
 * and a copy would only lengthen the backlog it waits in.
 */
public class QueueBacklog {

	private static final Logger log = LoggerFactory.getLogger(QueueBacklog.class);

	private final SqsAsyncClient sqs;

	private final QueueUrls queueUrls;

	public QueueBacklog(SqsAsyncClient sqs, QueueUrls queueUrls) {
		this.sqs = sqs;
		this.queueUrls = queueUrls;
	}

	/**
	 * True when SQS counts visible messages on the queue, or cannot say (then a send
	 * would fail as well).
	 */
	public boolean hasWaiting(QueueKind queue) {
		try {
			String visible = sqs
				.getQueueAttributes(r -> r.queueUrl(queueUrls.of(queue))
					.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
				.join()
				.attributes()
				.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
			return visible == null || Long.parseLong(visible) > 0;
		}
		catch (RuntimeException ex) {
			log.warn("Could not read the backlog of the {} queue; jobs sent already wait for the next round: {}", queue,
					ex.toString());
			return true;
		}
	}

}
