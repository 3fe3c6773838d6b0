package io.jobsuite.api;

import io.jobsuite.model.config.JobModelConfiguration;
import io.jobsuite.web.ClientErrorLog;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The API: Sync Now, job status, generic enqueue and the ops admin. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
@Import({ JobModelConfiguration.class, JobModelConfiguration.Dispatching.class, ClientErrorLog.class })
public class ApiApplication {

	public static void main(String[] args) {
		SpringApplication.run(ApiApplication.class, args);
	}

}
