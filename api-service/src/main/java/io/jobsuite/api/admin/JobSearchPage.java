package io.jobsuite.api.admin;

import java.time.Instant;
import java.util.List;

import io.jobsuite.api.jobs.JobView;

/**
 * A slice of the admin's job search as the JSON API answers it: newest first, without a
 * total (counting would read every match).
 *
 * @param content the jobs
 * @param number the slice's number, from 0
 * @param size the slice's size
 * @param first whether it is the first slice
 * @param last whether no older match follows
 * @param errorScope with an error-text filter, what it searched: the newest jobs of the
 * status, client and time window only; null without one
 */
public record JobSearchPage(List<JobView> content, int number, int size, boolean first, boolean last,
		ErrorScopeView errorScope) {

	static JobSearchPage of(JobSearches.Found found) {
		JobSearches.ErrorScope scope = found.errorScope();
		return new JobSearchPage(found.jobs().map(JobView::summaryOf).getContent(), found.jobs().getNumber(),
				found.jobs().getSize(), found.jobs().isFirst(), found.jobs().isLast(),
				scope == null ? null : new ErrorScopeView(scope.newestJobs(), scope.createdFrom(), scope.describe()));
	}

	/**
	 * The scope of an error-text search.
	 *
	 * @param newestJobs how many of the newest jobs of the status, client and time window
	 * it reads at most
	 * @param createdFrom the oldest creation time it reached, or null when there are
	 * fewer (then it read them all)
	 * @param note the same in words
	 */
	public record ErrorScopeView(int newestJobs, Instant createdFrom, String note) {
	}

}
