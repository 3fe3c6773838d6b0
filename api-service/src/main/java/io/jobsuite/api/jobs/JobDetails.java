package io.jobsuite.api.jobs;

import java.util.regex.Pattern;

import io.jobsuite.api.clients.ClientAccess;
import io.jobsuite.api.security.Roles;
import io.jobsuite.api.web.ProblemException;
import tools.jackson.databind.ObjectMapper;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;

/**
 * A job with its attempts and why it waits, if it does, for whoever may see it: ops any
 * job, a user the jobs of their own clients.
 */
@Service
public class JobDetails {

	/**
	 * Ids are UUIDs; anything else cannot name a job (and must not reach the ASCII id
	 * column).
	 */
	private static final Pattern JOB_ID = Pattern.compile("[0-9a-fA-F-]{36}");

	private final JobRepository jobs;

	private final JobAttempts attempts;

	private final ClientAccess access;

	private final ObjectMapper mapper;

	private final WaitingReasons waiting;

	JobDetails(JobRepository jobs, JobAttempts attempts, ClientAccess access, ObjectMapper mapper,
			WaitingReasons waiting) {
		this.jobs = jobs;
		this.attempts = attempts;
		this.access = access;
		this.mapper = mapper;
		this.waiting = waiting;
	}

	/**
	 * The job, or 404 when it does not exist or is not the caller's, alike. Ops see its
	 * errors in full, users without stack frames or SQL.
	 */
	public JobView visibleJob(String id, Authentication caller) {
		if (!JOB_ID.matcher(id).matches()) {
			throw ProblemException.notFound("job", id);
		}
		Job job = jobs.findById(id)
			.filter(found -> access.mayRead(found.getClientId(), caller))
			.orElseThrow(() -> ProblemException.notFound("job", id));
		boolean ops = Roles.isOps(caller);
		JobView view = JobView.of(job, attempts.of(id), mapper);
		view = waiting.of(id).map(reason -> Waiting.of(reason, ops)).map(view::waiting).orElse(view);
		return ops ? view : view.forUsers();
	}

}
