package io.jobsuite.scheduler.scan;

import java.util.UUID;

import io.awspring.cloud.sqs.annotation.SqsListener;
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

	static String newTraceId() {
		return UUID.randomUUID().toString().replace("-", "");
	}

	/** The cron trigger (every 15 minutes by default); off with cron "-". */
	@Component
	static class Cron implements SchedulingConfigurer {

		private final ClientScan scan;

		private final ScanProperties properties;

		Cron(ClientScan scan, ScanProperties properties) {
			this.scan = scan;
			this.properties = properties;
		}

		@Override
		public void configureTasks(ScheduledTaskRegistrar registrar) {
			if (ScheduledTaskRegistrar.CRON_DISABLED.equals(properties.cron())) {
				log.info("Scheduled scan off (cron '{}'); scans run when triggered", properties.cron());
				return;
			}
			registrar.addCronTask(() -> scan.scan(newTraceId()), properties.cron());
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

		EventBridge(ClientScan scan) {
			this.scan = scan;
		}

		@SqsListener(value = "${jobs.scan.trigger-queue}", maxConcurrentMessages = "1", maxMessagesPerPoll = "1")
		void onScheduledEvent(String event) {
			log.info("Scan triggered by EventBridge: {}", event.length() > 300 ? event.substring(0, 300) : event);
			scan.scan(newTraceId());
		}

	}

}
