package io.jobsuite.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import io.jobsuite.model.JobIds;
import io.jobsuite.model.JobMessageCodec;
import io.jobsuite.model.QueueKind;
import io.jobsuite.model.dispatch.JobDispatcher;
import io.jobsuite.model.dispatch.OutboxProperties;
import io.jobsuite.model.dispatch.TimedSends;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import io.jobsuite.model.queue.JobMessageSender;
import io.jobsuite.model.queue.QueueUrls;
import io.jobsuite.model.trace.JobTracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import tools.jackson.databind.json.JsonMapper;
import io.jobsuite.model.queue.JobQueuesProperties;
import io.jobsuite.model.queue.QueueProvisioner;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * An isolated world for one test class: its own database (dropped when the JVM ends) and
 * its own queues with dead-letter queues, on a real MySQL-compatible server and a real
 * SQS protocol.
 *
 * <pre>
 * static final JobSuiteEnvironment env = JobSuiteEnvironment.create();
 * &#64;DynamicPropertySource static void properties(DynamicPropertyRegistry r) { env.register(r); }
 * </pre>
 */
public final class JobSuiteEnvironment {

	/** Visibility timeout of the test queues; workers' leases match it. */
	public static final Duration VISIBILITY = Duration.ofSeconds(30);

	private final DatabaseServer database;

	private final SqsServer sqsServer;

	private final String databaseName;

	private final JobQueuesProperties queues;

	private final SqsClient sqs;

	private final DataSource dataSource;

	private JobSuiteEnvironment(DatabaseServer database, SqsServer sqsServer, String prefix) {
		this.database = database;
		this.sqsServer = sqsServer;
		this.databaseName = "jobsuite_it_" + prefix;
		this.queues = new JobQueuesProperties(prefix + "-jobs-express", prefix + "-jobs-standard",
				prefix + "-jobs-fifo.fifo");
		this.sqs = sqsServer.client();
		database.execute("CREATE DATABASE " + databaseName + " CHARACTER SET utf8mb4");
		Runtime.getRuntime()
			.addShutdownHook(new Thread(() -> database.execute("DROP DATABASE IF EXISTS " + databaseName)));
		new QueueProvisioner(sqs, VISIBILITY).createJobQueues(queues);
		this.dataSource = new DriverManagerDataSource(jdbcUrl(), database.username(), database.password());
	}

	public static JobSuiteEnvironment create() {
		String prefix = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
		return new JobSuiteEnvironment(DatabaseServer.get(), SqsServer.get(), prefix);
	}

	/** Points a Spring context at this environment's database and queues. */
	public void register(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", this::jdbcUrl);
		registry.add("spring.datasource.username", database::username);
		registry.add("spring.datasource.password", database::password);
		registry.add("spring.cloud.aws.sqs.endpoint", () -> sqsServer.endpoint().toString());
		registry.add("spring.cloud.aws.region.static", () -> SqsServer.REGION);
		registry.add("spring.cloud.aws.credentials.access-key", () -> "local");
		registry.add("spring.cloud.aws.credentials.secret-key", () -> "local");
		registry.add("jobs.queues.express", queues::express);
		registry.add("jobs.queues.standard", queues::standard);
		registry.add("jobs.queues.fifo", queues::fifo);
	}

	public String jdbcUrl() {
		return database.urlOf(databaseName);
	}

	public String sqsEndpoint() {
		return sqsServer.endpoint().toString();
	}

	/**
	 * A proxy in front of the SQS endpoint, to cut it: point
	 * {@code spring.cloud.aws.sqs.endpoint} at it.
	 */
	public TcpProxy sqsProxy() {
		return TcpProxy.to(sqsServer.endpoint().getHost(), sqsServer.endpoint().getPort());
	}

	public JobQueuesProperties queues() {
		return queues;
	}

	public DataSource dataSource() {
		return dataSource;
	}

	public JdbcTemplate jdbc() {
		return new JdbcTemplate(dataSource);
	}

	public SqsClient sqs() {
		return sqs;
	}

	public String queueUrl(QueueKind queue) {
		return sqs.getQueueUrl(r -> r.queueName(queues.nameOf(queue))).queueUrl();
	}

	public String deadLetterUrl(QueueKind queue) {
		return sqs.getQueueUrl(r -> r.queueName(queues.deadLetterNameOf(queue))).queueUrl();
	}

	/**
	 * A real dispatcher on this environment's database and queues, for tests that need
	 * jobs without running the API or the scheduler. Flyway must have migrated the
	 * database first.
	 */
	public JobDispatcher dispatcher() {
		SqsAsyncClient async = SqsAsyncClient.builder()
			.endpointOverride(sqsServer.endpoint())
			.region(Region.of(SqsServer.REGION))
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
			.build();
		NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(dataSource);
		DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
		JobMessageSender sender = new JobMessageSender(async, new QueueUrls(async, queues),
				new JobMessageCodec(JsonMapper.builder().build()), JobMessageCodec.MAX_JOBS_PER_MESSAGE,
				JobTracing.NOOP);
		return new JobDispatcher(jdbc, transactions, new JobIds(Clock.systemUTC()), sender,
				new TimedSends(jdbc, transactions, sender, shippedOutboxProperties()), shippedOutboxProperties(),
				new SimpleMeterRegistry(), JobTracing.NOOP);
	}

	/**
	 * Creates {@code count} clients due now, owned by {@code owner}, whose source is
	 * {@code source}.
	 */
	public List<Long> insertDueClients(int count, String owner, RecordSourceServer source) {
		JdbcTemplate jdbc = jdbc();
		List<Long> ids = new ArrayList<>(count);
		Long first = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) + 1 FROM clients", Long.class);
		List<Object[]> rows = new ArrayList<>(count);
		for (long id = first; id < first + count; id++) {
			ids.add(id);
			rows.add(new Object[] { id, "client-" + id, owner,
					source == null ? "http://127.0.0.1:9/none" : source.urlOf(id) });
		}
		jdbc.batchUpdate("""
				INSERT INTO clients (id, name, owner, source_url, sync_interval_minutes, next_due_at)
				VALUES (?, ?, ?, ?, 60, UTC_TIMESTAMP(3) - INTERVAL 1 MINUTE)
				""", rows);
		return ids;
	}

	/** Visible, in-flight and delayed messages on a queue, as SQS reports them. */
	public int messagesOn(String queueUrl) {
		var attributes = sqs
			.getQueueAttributes(r -> r.queueUrl(queueUrl)
				.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
						QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
						QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
			.attributes();
		return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
				+ Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
				+ Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
	}

	/** The outbox settings the services ship with (the record's defaults). */
	public static OutboxProperties shippedOutboxProperties() {
		return new Binder(new MapConfigurationPropertySource()).bindOrCreate("jobs.outbox", OutboxProperties.class);
	}

}
