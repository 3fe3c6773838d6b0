package io.jobsuite.worker.lease;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.jobsuite.model.queue.QueueUrls;
import io.jobsuite.model.store.ClaimedJob;
import io.jobsuite.model.store.JobLeases;
import io.jobsuite.worker.WorkerProperties;
import io.jobsuite.worker.limit.Limits;
import io.jobsuite.worker.lock.OverlapLocks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Wires the heartbeat: leases, overlap locks and permits renewed a third of a lease apart
 * together with the held messages' visibility, fencing checked every second (or a twelfth
 * of the lease), and the shutdown grace.
 */
@Configuration(proxyBeanMethods = false)
class LeaseConfiguration {

	private static final Logger log = LoggerFactory.getLogger(LeaseConfiguration.class);

	@Bean
	HeldMessages heldMessages(SqsAsyncClient sqs, QueueUrls queueUrls, WorkerProperties worker) {
		return new HeldMessages(sqs, queueUrls, worker.visibility());
	}

	@Bean
	Heartbeat heartbeat(JobLeases leases, OverlapLocks locks, Limits limits, Clock clock, WorkerProperties worker) {
		return new Heartbeat(jobs -> {
			JobLeases.Extension extension = leases.extend(jobs, worker.lease());
			List<ClaimedJob> lost = new ArrayList<>(extension.lost());
			List<ClaimedJob> held = new ArrayList<>(jobs);
			held.removeAll(lost);
			held.removeAll(extension.locked());
			lost.addAll(locks.extend(held, worker.lease()));
			// A permit whose lease passed meanwhile is not worth stopping the job for.
			limits.renew(held);
			return new Heartbeat.Renewed(lost, extension.locked(), extension.cancelRequested());
		}, clock, worker.lease(), LeaseConfiguration::exit, worker.cancelGrace());
	}

	/**
	 * A handler that ignored its interrupt runs on while its lease may pass to another
	 * worker: exiting is the one way left to keep the job from running twice at once.
	 */
	private static void exit(Run run) {
		log.error("Job {} attempt {}: its handler ignored the stop and its lease cannot be proven; exiting so that "
				+ "it never runs alongside the next attempt", run.job().id(), run.job().attempt());
		Runtime.getRuntime().halt(70);
	}

	@Bean(destroyMethod = "shutdownNow")
	ScheduledExecutorService heartbeatScheduler(Heartbeat heartbeat, HeldMessages messages, WorkerProperties worker) {
		ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, runnable -> {
			Thread thread = new Thread(runnable, "job-heartbeat");
			thread.setDaemon(true);
			return thread;
		});
		long beat = worker.heartbeat().toMillis();
		scheduler.scheduleWithFixedDelay(surviving(() -> {
			heartbeat.beat();
			messages.extend();
		}), beat, beat, TimeUnit.MILLISECONDS);
		long check = Math.min(1_000, worker.lease().dividedBy(12).toMillis());
		scheduler.scheduleWithFixedDelay(surviving(heartbeat::check), check, check, TimeUnit.MILLISECONDS);
		return scheduler;
	}

	/** A scheduled task that throws is never run again: nothing may end the heartbeat. */
	private static Runnable surviving(Runnable task) {
		return () -> {
			try {
				task.run();
			}
			catch (Throwable ex) {
				log.error("Heartbeat round failed; the next one runs as planned", ex);
			}
		};
	}

	@Bean
	ApplicationListener<ContextClosedEvent> shutdownGrace(Heartbeat heartbeat,
			ScheduledExecutorService heartbeatScheduler, WorkerProperties worker) {
		return event -> {
			Duration grace = worker.shutdownGrace();
			log.info("Shutting down: in-flight jobs get {} to finish before they are stopped and given back", grace);
			heartbeatScheduler.schedule(heartbeat::stopAll, grace.toMillis(), TimeUnit.MILLISECONDS);
		};
	}

}
