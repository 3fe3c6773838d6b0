package io.jobsuite.api.health;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The database's health ({@code db}) from a cached probe; it replaces Boot's, which runs
 * a query per health request. The queues' is cached in {@code QueuesHealthIndicator}.
 */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

	@Bean
	HealthIndicator dbHealthIndicator(DataSource dataSource, HealthProperties properties, Clock clock) {
		return new CachedHealth(new DataSourceHealthIndicator(dataSource), properties.cacheFor(), clock);
	}

}
