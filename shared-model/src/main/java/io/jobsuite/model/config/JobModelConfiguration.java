package io.jobsuite.model.config;

import java.time.Clock;

import io.jobsuite.model.JobIds;
import io.jobsuite.model.JobMessageCodec;
import io.jobsuite.model.dispatch.JobDispatcher;
import io.jobsuite.model.dispatch.OutboxProperties;
import io.jobsuite.model.dispatch.OutboxRelay;
import io.jobsuite.model.dispatch.TimedSends;
import io.jobsuite.model.queue.JobMessageSender;
import io.jobsuite.model.queue.JobQueuesProperties;
import io.jobsuite.model.queue.QueueUrls;
import io.jobsuite.model.retention.RetentionConfiguration;
import io.jobsuite.model.retention.RetentionProperties;
import io.jobsuite.model.store.JobTransitions;
import io.jobsuite.model.trace.JobTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import tools.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * What every service needs to put jobs on queues: ids, the envelope codec, queue URLs and
 * the sender; and the retention settings, which the admin shows and the purger applies.
 * <p>
 * Importing this class also imports its nested configurations (Spring processes member
 * classes of a configuration class): only what every service runs may be nested here. The
 * purger is not; the scheduler imports {@link RetentionConfiguration} on its own.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ JobQueuesProperties.class, RetentionProperties.class })
public class JobModelConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	JobIds jobIds(Clock clock) {
		return new JobIds(clock);
	}

	@Bean
	JobMessageCodec jobMessageCodec(ObjectMapper mapper) {
		return new JobMessageCodec(mapper);
	}

	@Bean
	JobTransitions jobTransitions(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions) {
		return new JobTransitions(jdbc, transactions);
	}

	/** Without a tracer (a test's context, a tool), jobs go untraced. */
	@Bean
	JobTracing jobTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
		Tracer found = tracer.getIfAvailable();
		Propagator foundPropagator = propagator.getIfAvailable();
		return found == null || foundPropagator == null ? JobTracing.NOOP : new JobTracing(found, foundPropagator);
	}

	@Bean
	QueueUrls queueUrls(SqsAsyncClient sqs, JobQueuesProperties queues) {
		return new QueueUrls(sqs, queues);
	}

	/**
	 * For the services that create jobs: the dispatcher and the relay that backs it up.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(OutboxProperties.class)
	public static class Dispatching {

		@Bean
		JobMessageSender jobMessageSender(SqsAsyncClient sqs, QueueUrls queueUrls, JobMessageCodec codec,
				OutboxProperties properties, JobTracing tracing) {
			return new JobMessageSender(sqs, queueUrls, codec, properties.jobsPerMessage(), tracing);
		}

		/** Closed on shutdown: its pending sends go back to the relay. */
		@Bean
		TimedSends timedSends(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions,
				JobMessageSender sender, OutboxProperties properties) {
			return new TimedSends(jdbc, transactions, sender, properties);
		}

		@Bean
		JobDispatcher jobDispatcher(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions,
				JobIds ids, JobMessageSender sender, TimedSends timed, OutboxProperties properties,
				MeterRegistry meters, JobTracing tracing) {
			return new JobDispatcher(jdbc, transactions, ids, sender, timed, properties, meters, tracing);
		}

		@Bean
		OutboxRelay outboxRelay(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions,
				JobMessageSender sender, TimedSends timed, OutboxProperties properties, MeterRegistry meters) {
			return new OutboxRelay(jdbc, transactions, sender, timed, properties, meters);
		}

		@Bean
		OutboxRelaySchedule outboxRelaySchedule(OutboxRelay relay, OutboxProperties properties) {
			return new OutboxRelaySchedule(relay, properties);
		}

	}

}
