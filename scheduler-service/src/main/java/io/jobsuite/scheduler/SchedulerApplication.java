package io.jobsuite.scheduler;

import io.jobsuite.model.config.JobModelConfiguration;
import io.jobsuite.web.ClientErrorLog;
import io.jobsuite.web.UndecodableRequests;
import io.jobsuite.model.retention.RetentionConfiguration;
import io.jobsuite.scheduler.scan.ScanProperties;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The scheduler: finds clients due a sync and dispatches one sync job each, and purges
 * finished jobs past their retention.
 */
@SpringBootApplication
@EnableScheduling
@Import({ JobModelConfiguration.class, JobModelConfiguration.Dispatching.class, RetentionConfiguration.class,
		ClientErrorLog.class, UndecodableRequests.class })
@EnableConfigurationProperties(ScanProperties.class)
public class SchedulerApplication {

	public static void main(String[] args) {
		SpringApplication.run(SchedulerApplication.class, args);
	}

}
