package io.jobsuite.local;

import java.net.URI;
import java.time.Duration;

import io.jobsuite.model.queue.JobQueuesProperties;
import io.jobsuite.model.queue.QueueProvisioner;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * ElasticMQ, an SQS-compatible server, with the job queues, their DLQs and redrive, as in
 * AWS.
 */
final class LocalQueues implements AutoCloseable {

	private final SQSRestServer server;

	private final String endpoint;

	private LocalQueues(SQSRestServer server, String endpoint) {
		this.server = server;
		this.endpoint = endpoint;
	}

	static LocalQueues start(int port) {
		SQSRestServer server = SQSRestServerBuilder.withPort(port).withInterface("127.0.0.1").start();
		server.waitUntilStarted();
		String endpoint = "http://127.0.0.1:" + port;
		try (SqsClient sqs = SqsClient.builder()
			.endpointOverride(URI.create(endpoint))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
			.build()) {
			new QueueProvisioner(sqs, Duration.ofSeconds(60))
				.createJobQueues(new JobQueuesProperties("jobs-express", "jobs-standard", "jobs-fifo.fifo"));
		}
		return new LocalQueues(server, endpoint);
	}

	String endpoint() {
		return endpoint;
	}

	@Override
	public void close() {
		server.stopAndWait();
	}

}
