package io.jobsuite.api.admin;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.criteria.Predicate;

import io.jobsuite.api.jobs.Job;
import io.jobsuite.api.jobs.JobRepository;
import io.jobsuite.api.web.Paging;

import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;

/**
 * Filters of the admin's job search; every field is optional.
 *
 * @param status a job status
 * @param type a job type
 * @param queue a queue
 * @param clientId a client
 * @param error text the last error contains
 * @param from created at or after
 * @param to created before
 */
public record JobSearch(String status, String type, String queue, Long clientId, String error, Instant from,
		Instant to) {

	/**
	 * The matching jobs, newest first, one slice (no total: counting reads every match).
	 * Each filter but status, client and time is checked job by job along the creation
	 * time index, newest first, until the slice is full: on a long history, a rare match
	 * wants a status or a time window with it.
	 */
	Slice<Job> newestFirst(JobRepository jobs, int page, int size, int maxSize) {
		// The order goes in the Pageable: slice() ignores sortBy()
		// (QueryPlansIntegrationTest
		// saw the unordered scan).
		Pageable slice = Paging.of(page, size, maxSize, Sort.by(Sort.Direction.DESC, "createdAt"));
		return jobs.findBy(toSpecification(), query -> query.slice(slice));
	}

	Specification<Job> toSpecification() {
		return (root, query, cb) -> {
			List<Predicate> where = new ArrayList<>();
			if (status != null) {
				where.add(cb.equal(root.get("status"), status));
			}
			if (type != null) {
				where.add(cb.equal(root.get("type"), type));
			}
			if (queue != null) {
				where.add(cb.equal(root.get("queue"), queue));
			}
			if (clientId != null) {
				where.add(cb.equal(root.get("clientId"), clientId));
			}
			if (error != null && !error.isBlank()) {
				where.add(cb.like(root.get("lastError"), "%" + error.replace("%", "\\%").replace("_", "\\_") + "%"));
			}
			if (from != null) {
				where
					.add(cb.greaterThanOrEqualTo(root.get("createdAt"), LocalDateTime.ofInstant(from, ZoneOffset.UTC)));
			}
			if (to != null) {
				where.add(cb.lessThan(root.get("createdAt"), LocalDateTime.ofInstant(to, ZoneOffset.UTC)));
			}
			return cb.and(where.toArray(Predicate[]::new));
		};
	}

}
