package io.jobsuite.api.jobs;

import java.util.UUID;

import io.jobsuite.api.web.ProblemException;
import io.jobsuite.model.JobStatus;
import io.jobsuite.model.store.JobTransitions;

import org.springframework.stereotype.Service;

/**
 * Cancel for the API and the pages alike (who may cancel which job is the caller's to
 * check): a waiting job is cancelled at once, a running one is asked to stop (its worker
 * ends it CANCELLED within a heartbeat or two), a finished one is a conflict.
 */
@Service
public class JobCancels {

	/**
	 * A job that moves between the two statements (claimed, given back) is tried again.
	 */
	private static final int TRIES = 3;

	private final JobTransitions transitions;

	private final JobRepository jobs;

	JobCancels(JobTransitions transitions, JobRepository jobs) {
		this.transitions = transitions;
		this.jobs = jobs;
	}

	/**
	 * Cancels the job on behalf of {@code by}; 404 when there is no such job, 409 when it
	 * already finished.
	 */
	public JobCancel cancel(UUID id, String by) {
		for (int i = 0; i < TRIES; i++) {
			if (transitions.cancel(id, "Cancelled by " + by)) {
				return new JobCancel(id.toString(), JobStatus.CANCELLED.name(), false);
			}
			if (transitions.requestCancel(id, by)) {
				return new JobCancel(id.toString(), JobStatus.RUNNING.name(), true);
			}
			String status = jobs.findById(id.toString())
				.map(Job::getStatus)
				.orElseThrow(() -> ProblemException.notFound("job", id));
			if (JobStatus.valueOf(status).isTerminal()) {
				throw ProblemException.conflict("Job " + id + " already finished: it is " + status);
			}
		}
		throw ProblemException.conflict("Job " + id + " kept changing state; try again");
	}

	/**
	 * {@link #cancel} for a page: what it did, in words; a conflict (the job finished
	 * meanwhile) is a message, not an error page.
	 */
	public String cancelFromPage(UUID id, String by) {
		try {
			return cancel(id, by).cancelRequested() ? "Cancel requested: the job stops within a few seconds."
					: "Job cancelled.";
		}
		catch (ProblemException ex) {
			return "Not cancelled: " + ex.getBody().getDetail();
		}
	}

}
