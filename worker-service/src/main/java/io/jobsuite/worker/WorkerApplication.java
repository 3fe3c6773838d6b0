package io.jobsuite.worker;

import io.jobsuite.model.config.JobModelConfiguration;
import io.jobsuite.worker.limit.LimitsProperties;
import io.jobsuite.web.ClientErrorLog;
import io.jobsuite.web.UndecodableRequests;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The worker: consumes the job queues and runs handlers; like every service it also runs
 * the relay that gives active jobs without a message a fresh one.
 */
@SpringBootApplication
@EnableScheduling
@Import({ JobModelConfiguration.class, JobModelConfiguration.Dispatching.class, ClientErrorLog.class,
		UndecodableRequests.class })
@EnableConfigurationProperties({ WorkerProperties.class, LimitsProperties.class })
public class WorkerApplication {

	public static void main(String[] args) {
		SpringApplication.run(WorkerApplication.class, args);
	}

}
