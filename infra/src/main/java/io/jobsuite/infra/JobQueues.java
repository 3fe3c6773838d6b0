package io.jobsuite.infra;

import java.util.List;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.DeduplicationScope;
import software.amazon.awscdk.services.sqs.FifoThroughputLimit;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The job queues, the scan-trigger queue and one dead-letter queue each. Names,
 * visibility and retention are the contract with the services (their listeners are
 * configured with the same values).
 */
public class JobQueues extends Construct {

	/**
	 * Matches the workers' job lease: a message reappears when its lease would have
	 * expired.
	 */
	static final Duration VISIBILITY_TIMEOUT = Duration.seconds(60);

	static final Duration MAIN_RETENTION = Duration.days(4);

	/**
	 * Dead letters wait for ops to look at them, so they are kept as long as SQS allows.
	 */
	static final Duration DLQ_RETENTION = Duration.days(14);

	private final QueuePair express;

	private final QueuePair standard;

	private final QueuePair fifo;

	private final QueuePair scanTrigger;

	public JobQueues(Construct scope, String id, StageConfig config) {
		super(scope, id);
		this.express = standardPair("Express", config.name("jobs-express"), config);
		this.standard = standardPair("Standard", config.name("jobs-standard"), config);
		this.scanTrigger = standardPair("ScanTrigger", config.name("scan-trigger"), config);
		this.fifo = fifoPair(config);
	}

	private QueuePair standardPair(String id, String name, StageConfig config) {
		Queue dlq = Queue.Builder.create(this, id + "Dlq")
			.queueName(name + "-dlq")
			.encryption(QueueEncryption.SQS_MANAGED)
			.enforceSsl(true)
			.retentionPeriod(DLQ_RETENTION)
			.build();
		Queue queue = Queue.Builder.create(this, id)
			.queueName(name)
			.encryption(QueueEncryption.SQS_MANAGED)
			.enforceSsl(true)
			.retentionPeriod(MAIN_RETENTION)
			.visibilityTimeout(VISIBILITY_TIMEOUT)
			.deadLetterQueue(redriveTo(dlq, config))
			.build();
		return new QueuePair(queue, dlq, name, name + "-dlq");
	}

	private QueuePair fifoPair(StageConfig config) {
		String name = config.name("jobs-fifo");
		Queue dlq = Queue.Builder.create(this, "FifoDlq")
			.queueName(name + "-dlq.fifo")
			.fifo(true)
			.encryption(QueueEncryption.SQS_MANAGED)
			.enforceSsl(true)
			.retentionPeriod(DLQ_RETENTION)
			.build();
		// The services send MessageDeduplicationId = job id, so content-based dedup stays
		// off: two jobs
		// with identical bodies are still two jobs.
		Queue.Builder queue = Queue.Builder.create(this, "Fifo")
			.queueName(name + ".fifo")
			.fifo(true)
			.contentBasedDeduplication(false)
			.encryption(QueueEncryption.SQS_MANAGED)
			.enforceSsl(true)
			.retentionPeriod(MAIN_RETENTION)
			.visibilityTimeout(VISIBILITY_TIMEOUT)
			.deadLetterQueue(redriveTo(dlq, config));
		if (config.fifoHighThroughput()) {
			queue.deduplicationScope(DeduplicationScope.MESSAGE_GROUP)
				.fifoThroughputLimit(FifoThroughputLimit.PER_MESSAGE_GROUP_ID);
		}
		return new QueuePair(queue.build(), dlq, name + ".fifo", name + "-dlq.fifo");
	}

	private static DeadLetterQueue redriveTo(Queue dlq, StageConfig config) {
		return DeadLetterQueue.builder().queue(dlq).maxReceiveCount(config.maxReceiveCount()).build();
	}

	public QueuePair express() {
		return express;
	}

	public QueuePair standard() {
		return standard;
	}

	public QueuePair fifo() {
		return fifo;
	}

	public QueuePair scanTrigger() {
		return scanTrigger;
	}

	/** The queues the job producers send to and the workers consume. */
	public List<QueuePair> jobQueues() {
		return List.of(express, standard, fifo);
	}

	/** Every queue pair, the scan trigger included. */
	public List<QueuePair> all() {
		return List.of(express, standard, fifo, scanTrigger);
	}

	/**
	 * A queue and its dead-letter queue, with their names as plain strings for alarm
	 * names (the queues' own name attributes are deploy-time tokens).
	 */
	public record QueuePair(IQueue queue, IQueue dlq, String name, String dlqName) {
	}

}
