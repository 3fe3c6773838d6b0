package io.jobsuite.scheduler.scan;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.jobsuite.model.trace.JobTracing;
import io.micrometer.tracing.Span;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * What starts a scan: the cron of this instance, or an EventBridge rule through the
 * trigger queue.
 */
class ScanTriggers {

	private static final Logger log = LoggerFactory.getLogger(ScanTriggers.class);

	private ScanTriggers() {
	}

	/**
	 * A scan is a trace of its own (its log lines carry its id); the jobs it dispatches
	 * are not in it, see {@link io.jobsuite.model.dispatch.JobDispatcher#dispatch}.
	 */
	static void scanInSpan(ClientScan scan, JobTracing tracing, String trigger) {
		Span span = tracing.startChild("client scan").tag("scan.trigger", trigger);
		try (var scope = tracing.inScope(span)) {
			scan.scan(span.context().traceId());
		}
		catch (RuntimeException ex) {
			span.error(ex);
			throw ex;
		}
		finally {
			span.end();
		}
	}

	/** The cron trigger (every 15 minutes by default); off with cron "-". */
	@Component
	static class Cron implements SchedulingConfigurer {

		private final ClientScan scan;

		private final ScanProperties properties;

		private final JobTracing tracing;

		Cron(ClientScan scan, ScanProperties properties, JobTracing tracing) {
			this.scan = scan;
			this.properties = properties;
			this.tracing = tracing;
		}

		@Override
		public void configureTasks(ScheduledTaskRegistrar registrar) {
			if (ScheduledTaskRegistrar.CRON_DISABLED.equals(properties.cron())) {
				log.info("Scheduled scan off (cron '{}'); scans run when triggered", properties.cron());
				return;
			}
			registrar.addCronTask(() -> scanInSpan(scan, tracing, "cron"), properties.cron());
		}

	}

	/**
	 * The EventBridge entry point: the rule (rate 15 minutes) puts an event on the
	 * trigger queue, and whichever scheduler instance receives it scans. A failed scan
	 * leaves the event for redelivery.
	 */
	@Component
	@ConditionalOnProperty("jobs.scan.trigger-queue")
	static class EventBridge {

		private final ClientScan scan;

		private final JobTracing tracing;

		EventBridge(ClientScan scan, JobTracing tracing) {
			this.scan = scan;
			this.tracing = tracing;
		}

		@SqsListener(value = "${jobs.scan.trigger-queue}", maxConcurrentMessages = "1", maxMessagesPerPoll = "1")
		void onScheduledEvent(String event) {
			log.info("Scan triggered by EventBridge: {}", event.length() > 300 ? event.substring(0, 300) : event);
			scanInSpan(scan, tracing, "eventbridge");
		}

	}

}
