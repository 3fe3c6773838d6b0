package io.jobsuite.worker.run;

import io.jobsuite.model.store.JobClaims;
import io.jobsuite.model.store.JobLeases;
import io.jobsuite.model.store.JobProgress;
import io.jobsuite.model.store.JobTransitions;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The job store's worker side: claims, the leases the heartbeat renews and handlers'
 * writes check, and the progress handlers report.
 */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

	@Bean
	JobClaims jobClaims(NamedParameterJdbcTemplate jdbc, JobTransitions transitions) {
		return new JobClaims(jdbc, transitions);
	}

	@Bean
	JobLeases jobLeases(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions) {
		return new JobLeases(jdbc, transactions);
	}

	@Bean
	JobProgress jobProgress(NamedParameterJdbcTemplate jdbc) {
		return new JobProgress(jdbc);
	}

}
