package io.jobsuite.model.recurring;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The recurring jobs' catalog and rows, for the services that schedule them (scheduler)
 * and show them (api).
 */
@Configuration(proxyBeanMethods = false)
public class RecurringConfiguration {

	@Bean
	RecurringJobs recurringJobs() {
		return RecurringJobs.BUILT_IN;
	}

	@Bean
	RecurringRows recurringRows(NamedParameterJdbcTemplate jdbc) {
		return new RecurringRows(jdbc);
	}

}
