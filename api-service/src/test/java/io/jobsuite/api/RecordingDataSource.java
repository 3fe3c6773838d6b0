package io.jobsuite.api;

import javax.sql.DataSource;

import io.jobsuite.testsupport.QueryPlans;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Puts {@link QueryPlans} in front of the application's data source, so that a test
 * records the statements the application runs and explains them.
 */
final class RecordingDataSource {

	private RecordingDataSource() {
	}

	/** Register it as a static {@code @Bean} of a test configuration. */
	static BeanPostProcessor into(QueryPlans plans) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				return bean instanceof DataSource dataSource && name.equals("dataSource") ? plans.wrap(dataSource)
						: bean;
			}
		};
	}

}
