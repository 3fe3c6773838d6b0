package io.jobsuite.api.admin;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.criteria.Predicate;

import io.jobsuite.api.jobs.Job;

import org.springframework.data.jpa.domain.Specification;

/**
 * Filters of the admin's job search; every field is optional.
 *
 * @param status a job status
 * @param type a job type
 * @param queue a queue
 * @param clientId a client
 * @param error text the last error contains (searched in the newest jobs only, see
 * {@link JobSearches})
 * @param from created at or after
 * @param to created before
 */
public record JobSearch(String status, String type, String queue, Long clientId, String error, Instant from,
		Instant to) {

	boolean hasError() {
		return error != null && !error.isBlank();
	}

	/**
	 * The filters as a query; {@code scopeFrom}, when not null, keeps the jobs created
	 * from then on (an error-text search's scope, see {@link JobSearches}).
	 */
	Specification<Job> toSpecification(Instant scopeFrom) {
		return (root, query, cb) -> {
			List<Predicate> where = new ArrayList<>();
			if (scopeFrom != null) {
				where.add(cb.greaterThanOrEqualTo(root.get("createdAt"),
						LocalDateTime.ofInstant(scopeFrom, ZoneOffset.UTC)));
			}
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
			if (hasError()) {
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
