package io.jobsuite.testsupport;

import java.net.URI;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The SQS endpoint tests talk to: ElasticMQ inside this JVM by default (fast, no Docker),
 * or LocalStack through Testcontainers with {@code JOBSUITE_TEST_SQS=localstack},
 * initialised by the same script as docker compose.
 */
final class SqsServer {

	static final String LOCALSTACK_IMAGE = "localstack/localstack:4.4.0";

	static final String REGION = "us-east-1";

	private static SqsServer instance;

	private final URI endpoint;

	private final Runnable stop;

	private SqsServer(URI endpoint, Runnable stop) {
		this.endpoint = endpoint;
		this.stop = stop;
	}

	static synchronized SqsServer get() {
		if (instance == null) {
			instance = "localstack".equalsIgnoreCase(System.getenv("JOBSUITE_TEST_SQS")) ? localStack() : elasticMq();
		}
		return instance;
	}

	private static SqsServer elasticMq() {
		SQSRestServer server = SQSRestServerBuilder.withDynamicPort().withInterface("127.0.0.1").start();
		int port = server.waitUntilStarted().localAddress().getPort();
		return new SqsServer(URI.create("http://127.0.0.1:" + port), server::stopAndWait);
	}

	private static SqsServer localStack() {
		LocalStackContainer localStack = new LocalStackContainer(DockerImageName.parse(LOCALSTACK_IMAGE))
			.withServices("sqs")
			.withCopyFileToContainer(MountableFile.forClasspathResource("localstack/01-create-queues.sh", 0755),
					"/etc/localstack/init/ready.d/01-create-queues.sh");
		localStack.start();
		return new SqsServer(localStack.getEndpoint(), localStack::stop);
	}

	URI endpoint() {
		return endpoint;
	}

	SqsClient client() {
		return SqsClient.builder()
			.endpointOverride(endpoint)
			.region(Region.of(REGION))
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
			.build();
	}

	void stop() {
		stop.run();
	}

}
