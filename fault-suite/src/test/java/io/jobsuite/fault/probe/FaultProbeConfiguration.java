package io.jobsuite.fault.probe;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Adds the fault probe's handler to a worker whose class path carries this package (an
 * auto-configuration: the worker scans only its own packages).
 */
@Configuration(proxyBeanMethods = false)
public class FaultProbeConfiguration {

	@Bean
	FaultProbeHandler faultProbeHandler(JdbcTemplate jdbc, Environment environment) {
		return new FaultProbeHandler(jdbc, environment.getRequiredProperty("jobs.worker.id"));
	}

}
