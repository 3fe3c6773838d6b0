package io.jobsuite.benchmarks;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jobsuite.model.JobIds;
import io.jobsuite.model.JobMessageCodec;
import io.jobsuite.model.dispatch.JobDispatcher;
import io.jobsuite.model.dispatch.OutboxProperties;
import io.jobsuite.model.dispatch.TimedSends;
import io.jobsuite.model.queue.JobMessageSender;
import io.jobsuite.model.queue.QueueUrls;
import io.jobsuite.model.trace.JobTracing;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The benchmark's world: one fresh database on the MariaDB server and fresh queues on the
 * in-JVM ElasticMQ (the integration tests' {@link JobSuiteEnvironment}), with pooled
 * connections for the harness and the properties that point a service's Spring context at
 * it.
 */
final class World implements AutoCloseable {

	/** Connections per pool, as every service gets by default (DB_POOL_SIZE). */
	static final int POOL_SIZE = 10;

	private static final String NO_HISTORY = "1970-01-01 00:00:00.000";

	private final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	private volatile String runsSince = NO_HISTORY;

	private final HikariDataSource dataSource = pool("bench-harness");

	private final SqsAsyncClient sqs = SqsAsyncClient.builder()
		.endpointOverride(URI.create(env.sqsEndpoint()))
		.region(Region.US_EAST_1)
		.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
		.build();

	World() {
		// The services migrate on start too; the scan race starts none in this JVM, so
		// migrate here.
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
	}

	JobSuiteEnvironment env() {
		return env;
	}

	HikariDataSource dataSource() {
		return dataSource;
	}

	JdbcTemplate jdbc() {
		return new JdbcTemplate(dataSource);
	}

	SqsAsyncClient sqs() {
		return sqs;
	}

	/**
	 * A pool on the benchmark database with the production driver settings (batch
	 * rewriting on).
	 */
	HikariDataSource pool(String name) {
		HikariConfig config = new HikariConfig();
		config.setPoolName(name);
		config.setJdbcUrl(env.jdbcUrl());
		config.setUsername("root");
		config.setPassword(System.getenv().getOrDefault("JOBSUITE_TEST_DB_PASSWORD", ""));
		config.setMaximumPoolSize(POOL_SIZE);
		config.addDataSourceProperty("rewriteBatchedStatements", "true");
		config.addDataSourceProperty("cachePrepStmts", "true");
		config.addDataSourceProperty("useServerPrepStmts", "false");
		config.addDataSourceProperty("prepStmtCacheSize", "500");
		config.addDataSourceProperty("prepStmtCacheSqlLimit", "16384");
		return new HikariDataSource(config);
	}

	/** A real dispatcher, as the API and the scheduler build it, on a pool of its own. */
	JobDispatcher dispatcher(HikariDataSource pool) {
		Clock clock = Clock.systemUTC();
		NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(pool);
		DataSourceTransactionManager transactions = new DataSourceTransactionManager(pool);
		JobMessageSender sender = new JobMessageSender(sqs, new QueueUrls(sqs, env.queues()),
				new JobMessageCodec(JsonMapper.builder().build()), JobMessageCodec.MAX_JOBS_PER_MESSAGE,
				JobTracing.NOOP);
		OutboxProperties outbox = JobSuiteEnvironment.shippedOutboxProperties();
		return new JobDispatcher(jdbc, transactions, new JobIds(clock), sender,
				new TimedSends(jdbc, transactions, sender, outbox), outbox, new SimpleMeterRegistry(), JobTracing.NOOP);
	}

	/**
	 * The properties that point a service at this world, as {@code --name=value}
	 * arguments.
	 */
	List<String> serviceArguments() {
		Map<String, Object> properties = new LinkedHashMap<>();
		env.register((name, value) -> properties.put(name, value.get()));
		List<String> arguments = new ArrayList<>();
		properties.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		return arguments;
	}

	/**
	 * From now on the job tables hold a history that runs keep: runs count and clear only
	 * the jobs created after this moment (the database's clock).
	 */
	void keepHistory() {
		runsSince = jdbc().queryForObject("SELECT CAST(UTC_TIMESTAMP(3) AS CHAR)", String.class);
	}

	/** When this run's jobs begin, as a bind value for {@code created_at >= ?}. */
	String runsSince() {
		return runsSince;
	}

	/**
	 * Empties the job tables between runs (not timed), or with a history, deletes only
	 * the jobs of earlier runs and waits until InnoDB has purged them, so that the next
	 * run does not pay for the last one's deletes.
	 */
	void truncateJobs() {
		JdbcTemplate jdbc = jdbc();
		if (runsSince.equals(NO_HISTORY)) {
			jdbc.execute("TRUNCATE TABLE jobs");
			jdbc.execute("TRUNCATE TABLE job_attempts");
			return;
		}
		long undo = TableSizes.historyLength(jdbc);
		// In chunks: one transaction of a hundred thousand deletes holds its locks long.
		int deleted;
		do {
			deleted = jdbc.update("DELETE FROM job_attempts WHERE finished_at >= ? LIMIT 10000", runsSince)
					+ jdbc.update("DELETE FROM jobs WHERE created_at >= ? ORDER BY created_at LIMIT 10000", runsSince);
		}
		while (deleted > 0);
		TableSizes.awaitUndoPurged(jdbc, undo);
	}

	/** This run's succeeded jobs (the history's are older than its start). */
	long succeeded() {
		return jdbc().queryForObject("SELECT COUNT(*) FROM jobs WHERE status = 'SUCCEEDED' AND created_at >= ?",
				Long.class, runsSince);
	}

	@Override
	public void close() {
		sqs.close();
		dataSource.close();
	}

}
