package io.jobsuite.api.recurring;

import java.util.List;

import io.jobsuite.api.web.ProblemException;
import io.jobsuite.model.dispatch.Dispatched;
import io.jobsuite.model.dispatch.JobDispatcher;
import io.jobsuite.model.recurring.RecurringConfiguration;
import io.jobsuite.model.recurring.RecurringJob;
import io.jobsuite.model.recurring.RecurringJobs;
import io.jobsuite.model.recurring.RecurringRows;

import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Ops actions on the recurring jobs: list them, run one now, pause and resume. Pausing is
 * a flag in the row every scheduler's conditional UPDATE checks, so no instance creates
 * an occurrence of a paused job.
 */
@Service
@Import(RecurringConfiguration.class)
class RecurringAdmin {

	private final RecurringJobs catalog;

	private final RecurringRows rows;

	private final JobDispatcher dispatcher;

	private final TransactionTemplate transaction;

	RecurringAdmin(RecurringJobs catalog, RecurringRows rows, JobDispatcher dispatcher,
			PlatformTransactionManager transactions) {
		this.catalog = catalog;
		this.rows = rows;
		this.dispatcher = dispatcher;
		this.transaction = new TransactionTemplate(transactions);
	}

	List<RecurringView> list() {
		return rows.states(catalog)
			.states()
			.stream()
			.map(state -> RecurringView.of(catalog.find(state.name()).orElseThrow(), state))
			.toList();
	}

	RecurringView one(String name) {
		String known = job(name).name();
		return list().stream().filter(view -> view.name().equals(known)).findFirst().orElseThrow();
	}

	/**
	 * Creates a job of it now, outside its schedule (paused or not). While that job waits
	 * or runs, another press answers with it and is not counted again.
	 */
	Dispatched runNow(String name) {
		RecurringJob job = job(name);
		rows.states(catalog);
		return transaction.execute(status -> {
			Dispatched dispatched = dispatcher.dispatch(job.runNow());
			if (dispatched.created()) {
				rows.recordJob(job.name(), dispatched.jobId(), true);
			}
			return dispatched;
		});
	}

	/** Pauses it (true) or resumes it at its next occurrence (false). */
	RecurringView pause(String name, boolean paused) {
		RecurringJob job = job(name);
		rows.states(catalog);
		if (paused) {
			rows.pause(job.name());
		}
		else {
			rows.resume(job.name());
		}
		return one(job.name());
	}

	private RecurringJob job(String name) {
		return catalog.find(name).orElseThrow(() -> ProblemException.notFound("recurring job", name));
	}

}
