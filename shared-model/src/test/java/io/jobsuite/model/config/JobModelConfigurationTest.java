package io.jobsuite.model.config;

import java.net.URI;

import javax.sql.DataSource;

import io.jobsuite.model.retention.Retention;
import io.jobsuite.model.retention.RetentionConfiguration;
import io.jobsuite.model.retention.RetentionProperties;
import io.jobsuite.model.retention.RetentionSchedule;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configurations each service imports, as the services import them: the API and the
 * worker ({@code JobModelConfiguration} and its {@code Dispatching}) get the retention
 * settings but no purger; the scheduler, which adds {@link RetentionConfiguration}, gets
 * the purger and its schedule. Nothing here connects: the beans are only built.
 */
class JobModelConfigurationTest {

	/* Never connected to: the beans under test only hold it. */
	private static final DataSource UNUSED = new DriverManagerDataSource("jdbc:mysql://127.0.0.1:9/unused");

	private final ApplicationContextRunner services = new ApplicationContextRunner()
		.withBean(ObjectMapper.class, () -> JsonMapper.builder().build())
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withBean(NamedParameterJdbcTemplate.class, () -> new NamedParameterJdbcTemplate(UNUSED))
		.withBean(PlatformTransactionManager.class, () -> new DataSourceTransactionManager(UNUSED))
		.withBean(SqsAsyncClient.class,
				() -> SqsAsyncClient.builder()
					.region(Region.US_EAST_1)
					.endpointOverride(URI.create("http://127.0.0.1:9"))
					.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
					.build())
		.withPropertyValues("jobs.queues.express=express", "jobs.queues.standard=standard",
				"jobs.queues.fifo=fifo.fifo")
		.withUserConfiguration(JobModelConfiguration.class, JobModelConfiguration.Dispatching.class);

	@Test
	void apiAndWorkerHaveTheRetentionSettingsButNoPurger() {
		services.run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(RetentionProperties.class);
			assertThat(context).doesNotHaveBean(Retention.class);
			assertThat(context).doesNotHaveBean(RetentionSchedule.class);
		});
	}

	@Test
	void schedulerPurgesOnASchedule() {
		services.withUserConfiguration(RetentionConfiguration.class).run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(Retention.class);
			assertThat(context).hasSingleBean(RetentionSchedule.class);
		});
	}

}
