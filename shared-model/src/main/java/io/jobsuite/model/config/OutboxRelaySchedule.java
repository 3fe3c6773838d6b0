package io.jobsuite.model.config;

import io.jobsuite.model.dispatch.OutboxProperties;
import io.jobsuite.model.dispatch.OutboxRelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Runs the outbox relay at the configured interval on every instance that dispatches
 * jobs.
 */
class OutboxRelaySchedule implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelaySchedule.class);

	private final OutboxRelay relay;

	private final OutboxProperties properties;

	OutboxRelaySchedule(OutboxRelay relay, OutboxProperties properties) {
		this.relay = relay;
		this.properties = properties;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::relayQuietly, properties.interval());
	}

	private void relayQuietly() {
		try {
			relay.relayPending();
		}
		catch (RuntimeException ex) {
			// The database may be down; the next round tries again, and nothing is lost
			// meanwhile.
			log.warn("Outbox relay round failed: {}", ex.toString());
		}
	}

}
