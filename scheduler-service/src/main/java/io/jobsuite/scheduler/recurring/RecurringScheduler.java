package io.jobsuite.scheduler.recurring;

import java.time.Instant;
import java.util.UUID;

import io.jobsuite.model.dispatch.Dispatched;
import io.jobsuite.model.dispatch.JobDispatcher;
import io.jobsuite.model.recurring.RecurringConfiguration;
import io.jobsuite.model.recurring.RecurringJob;
import io.jobsuite.model.recurring.RecurringJobs;
import io.jobsuite.model.recurring.RecurringRows;
import io.jobsuite.model.recurring.RecurringRows.State;
import io.jobsuite.model.recurring.RecurringRows.States;
import io.jobsuite.scheduler.recurring.Occurrences.Plan;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates the due occurrences of the recurring jobs, on every scheduler instance each
 * tick. An occurrence's job is inserted in the transaction that moves its recurring job's
 * cursor to it ({@link RecurringRows#claim}), so exactly one instance creates it; the
 * others find the cursor moved and go on.
 */
@Component
@Import(RecurringConfiguration.class)
@EnableConfigurationProperties(RecurringProperties.class)
class RecurringScheduler implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(RecurringScheduler.class);

	private final RecurringJobs catalog;

	private final RecurringRows rows;

	private final JobDispatcher dispatcher;

	private final TransactionTemplate transaction;

	private final RecurringProperties properties;

	private final MeterRegistry meters;

	RecurringScheduler(RecurringJobs catalog, RecurringRows rows, JobDispatcher dispatcher,
			PlatformTransactionManager transactions, RecurringProperties properties, MeterRegistry meters) {
		this.catalog = catalog;
		this.rows = rows;
		this.dispatcher = dispatcher;
		this.transaction = new TransactionTemplate(transactions);
		this.properties = properties;
		this.meters = meters;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::tickQuietly, properties.tick());
	}

	private void tickQuietly() {
		try {
			tick();
		}
		catch (TransientDataAccessException ex) {
			// A deadlock or lock timeout rolled back one occurrence whole (cursor and
			// job): the next tick plans it again.
			log.info("Recurring jobs' tick rolled back by the database ({}), the next tick goes on",
					ex.getClass().getSimpleName());
		}
		catch (RuntimeException ex) {
			// The database may be down: nothing is lost, the next tick finds what is due.
			log.warn("Recurring jobs' tick failed, the next tick tries again: {}", ex.toString());
		}
	}

	/** Creates what is due now (database clock) and not paused. */
	private void tick() {
		States states = rows.states(catalog);
		for (State state : states.states()) {
			if (!state.paused()) {
				RecurringJob job = catalog.find(state.name()).orElseThrow();
				follow(job, Occurrences.plan(job, state.lastOccurrence(), states.now()));
			}
		}
	}

	// Java 17 has no pattern switch: one instanceof per permitted type that acts.
	private void follow(RecurringJob job, Plan plan) {
		if (plan instanceof Plan.Due due) {
			boolean first = true;
			for (Instant occurrence : due.create()) {
				if (create(job, occurrence) && first && due.skipped() > 0) {
					skipped(job, due.skipped(), occurrence);
				}
				first = false;
			}
		}
		else if (plan instanceof Plan.FarBehind behind
				&& Boolean.TRUE.equals(transaction.execute(status -> rows.claim(job.name(), behind.skipTo())))) {
			skipped(job, behind.skipped(), behind.skipTo());
		}
	}

	/** True if this instance created the occurrence (no other had). */
	private boolean create(RecurringJob job, Instant occurrence) {
		Dispatched created = transaction.execute(status -> {
			if (!rows.claim(job.name(), occurrence)) {
				return null;
			}
			Dispatched dispatched = dispatcher.dispatch(job.occurrence(occurrence));
			rows.recordJob(job.name(), dispatched.jobId(), false);
			return dispatched;
		});
		if (created != null) {
			log.info("Recurring job {}: occurrence {} created as job {}", job.name(), occurrence, created.jobId());
		}
		return created != null;
	}

	private void skipped(RecurringJob job, long skipped, Instant goesOnAt) {
		log.info("Recurring job {}: {} missed occurrence(s) skipped ({}), the schedule goes on at {}", job.name(),
				skipped, job.missed(), goesOnAt);
		meters.counter("jobs.recurring.skipped", "type", job.name()).increment(skipped);
	}

}
