package io.jobsuite.api.admin;

import java.time.Instant;
import java.util.List;

import io.jobsuite.api.jobs.Job;
import io.jobsuite.api.jobs.JobRepository;
import io.jobsuite.api.web.Paging;
import io.jobsuite.model.Utc;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Runs the admin's job searches, newest first, a slice at a time (no total: counting
 * reads every match). Status, client and the time window narrow the search by index; type
 * and queue are checked job by job along the creation-time index until the slice is full.
 * Error text cannot be looked up by index, so a search with it reads only the newest
 * {@value #ERROR_SCOPE} jobs that its indexed filters (status, client, time window)
 * select (the scope), whatever the history holds, and says so.
 */
@Service
class JobSearches {

	/**
	 * How many of the newest jobs (of the status, client and time window searched) an
	 * error-text search reads.
	 */
	static final int ERROR_SCOPE = 10_000;

	/*
	 * The creation time of the ERROR_SCOPE-th newest job of the status, client and
	 * window: a walk of the last entries of ix_jobs_status_created, ix_jobs_client or
	 * ix_jobs_created (each ends with created_at), index only.
	 */
	private static final String SCOPE_START = """
			SELECT created_at FROM jobs WHERE created_at < :before%s
			ORDER BY created_at DESC LIMIT 1 OFFSET :offset
			""";

	private static final Sort NEWEST_FIRST = Sort.by(Sort.Direction.DESC, "createdAt");

	private final JobRepository jobs;

	private final NamedParameterJdbcTemplate jdbc;

	JobSearches(JobRepository jobs, NamedParameterJdbcTemplate jdbc) {
		this.jobs = jobs;
		this.jdbc = jdbc;
	}

	/** One slice of the matching jobs, newest first, with the scope that bounded it. */
	Found newestFirst(JobSearch search, int page, int size, int maxSize) {
		ErrorScope scope = scopeOf(search);
		// The order goes in the Pageable: slice() ignores sortBy()
		// (QueryPlansIntegrationTest saw the unordered scan).
		Pageable slice = Paging.of(page, size, maxSize, NEWEST_FIRST);
		return new Found(jobs.findBy(search.toSpecification(scope == null ? null : scope.createdFrom()),
				query -> query.slice(slice)), scope);
	}

	/** The newest {@code max} matching jobs, within the same scope as the search. */
	List<Job> newest(JobSearch search, int max) {
		ErrorScope scope = scopeOf(search);
		return jobs
			.findBy(search.toSpecification(scope == null ? null : scope.createdFrom()),
					query -> query.slice(PageRequest.of(0, max, NEWEST_FIRST)))
			.getContent();
	}

	private ErrorScope scopeOf(JobSearch search) {
		if (!search.hasError()) {
			return null;
		}
		Instant before = search.to() == null ? Instant.parse("9999-01-01T00:00:00Z") : search.to();
		MapSqlParameterSource params = new MapSqlParameterSource("before", Utc.column(before))
			.addValue("offset", ERROR_SCOPE - 1)
			.addValue("status", search.status())
			.addValue("clientId", search.clientId());
		String narrowed = (search.status() == null ? "" : " AND status = :status")
				+ (search.clientId() == null ? "" : " AND client_id = :clientId");
		List<Instant> start = jdbc.query(SCOPE_START.formatted(narrowed), params,
				(rs, n) -> Utc.instant(rs, "created_at"));
		return new ErrorScope(ERROR_SCOPE, start.isEmpty() ? null : start.get(0));
	}

	/**
	 * A slice of the search, and its error-text scope.
	 *
	 * @param jobs the jobs of the slice
	 * @param errorScope the scope of the error-text filter, null without one
	 */
	record Found(Slice<Job> jobs, ErrorScope errorScope) {
	}

	/**
	 * What an error-text search read: the newest jobs of its status, client and time
	 * window.
	 *
	 * @param newestJobs how many of the newest jobs it reads at most
	 * @param createdFrom the creation time of the oldest of them, or null when there are
	 * fewer (then it read them all)
	 */
	record ErrorScope(int newestJobs, Instant createdFrom) {

		/** The scope in words, for the page. */
		String describe() {
			return createdFrom == null ? "Error text was searched in every job of this status, client and time window."
					: String.format("Error text was searched in the newest %,d jobs of this status, client and time"
							+ " window only: those created at or after %s (UTC). For older ones, set the window's end"
							+ " earlier.", newestJobs, createdFrom);
		}

	}

}
