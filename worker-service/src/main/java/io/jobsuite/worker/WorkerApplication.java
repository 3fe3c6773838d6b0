package io.jobsuite.worker;

import io.jobsuite.model.config.JobModelConfiguration;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/** The worker: consumes the job queues and runs handlers. */
@SpringBootApplication
@Import(JobModelConfiguration.class)
@EnableConfigurationProperties(WorkerProperties.class)
public class WorkerApplication {

	public static void main(String[] args) {
		SpringApplication.run(WorkerApplication.class, args);
	}

}
