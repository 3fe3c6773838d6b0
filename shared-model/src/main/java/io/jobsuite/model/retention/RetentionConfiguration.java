package io.jobsuite.model.retention;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Retention on a schedule, for the service that purges finished jobs (the scheduler),
 * beside {@code JobModelConfiguration}, which binds {@link RetentionProperties}. Any
 * number of instances may run it. Not nested in {@code JobModelConfiguration}: that one
 * every service imports, with its nested classes.
 */
@Configuration(proxyBeanMethods = false)
public class RetentionConfiguration {

	@Bean
	Retention retention(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions,
			RetentionProperties properties, MeterRegistry meters) {
		return new Retention(jdbc, transactions, properties, meters);
	}

	@Bean
	RetentionSchedule retentionSchedule(Retention retention, RetentionProperties properties) {
		return new RetentionSchedule(retention, properties);
	}

}
