package io.jobsuite.model.retention;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Runs a purge round at the configured interval (after the previous round ended), unless
 * retention is disabled on this instance.
 */
public class RetentionSchedule implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(RetentionSchedule.class);

	private final Retention retention;

	private final RetentionProperties properties;

	public RetentionSchedule(Retention retention, RetentionProperties properties) {
		this.retention = retention;
		this.properties = properties;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		if (properties.enabled()) {
			registrar.addFixedDelayTask(this::purgeQuietly, properties.interval());
		}
	}

	private void purgeQuietly() {
		try {
			Retention.Purged purged = retention.purgeDue();
			if (purged.jobs() > 0) {
				log.info("Retention deleted {} finished job(s) and {} attempt record(s)", purged.jobs(),
						purged.attempts());
			}
		}
		catch (RuntimeException ex) {
			// The database may be down; the next round goes on where this one stopped.
			log.warn("Retention round failed: {}", ex.toString());
		}
	}

}
