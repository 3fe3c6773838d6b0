package io.jobsuite.api.admin;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.jobsuite.api.jobs.JobCancel;
import io.jobsuite.api.jobs.JobCancels;
import io.jobsuite.api.web.ProblemException;
import io.jobsuite.model.QueueKind;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ops admin's API: search jobs, retry or cancel them, and the dead-letter queues with
 * redrive.
 */
@RestController
@RequestMapping("/api/admin")
class AdminApiController {

	private static final int MAX_PAGE_SIZE = 200;

	private final JobSearches searches;

	private final JobRetries retries;

	private final DeadLetterQueues deadLetters;

	private final JobCancels cancels;

	private final DeadLetterRetries deadLetterRetries;

	AdminApiController(JobSearches searches, JobRetries retries, DeadLetterQueues deadLetters, JobCancels cancels,
			DeadLetterRetries deadLetterRetries) {
		this.searches = searches;
		this.retries = retries;
		this.deadLetters = deadLetters;
		this.cancels = cancels;
		this.deadLetterRetries = deadLetterRetries;
	}

	/**
	 * Newest first, a slice at a time: no total, because counting every match reads every
	 * matching job of the history. Error text is searched in the newest jobs only
	 * ({@code errorScope} says which).
	 */
	@GetMapping("/jobs")
	JobSearchPage search(JobSearch search, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		return JobSearchPage.of(searches.newestFirst(search, page, size, MAX_PAGE_SIZE));
	}

	/** Retries a FAILED job and deletes its dead letter. */
	@PostMapping("/jobs/{id}/retry")
	Map<String, Object> retry(@PathVariable UUID id) {
		DeadLetterRetries.Retried done = deadLetterRetries.retry(id);
		if (!done.retried()) {
			throw ProblemException.conflict("Job " + id + " is not FAILED, or its unique key is held by an active job");
		}
		return Map.of("retried", List.of(id), "deadLettersDeleted", done.deadLettersDeleted());
	}

	/**
	 * Retries every FAILED job that matches the filter (at most 10,000 at once, error
	 * text within the search's scope).
	 */
	@PostMapping("/jobs/retry")
	JobRetries.BulkRetry retryMatching(JobSearch search) {
		return retries.retryMatching(search);
	}

	/**
	 * Cancels any job: a waiting one at once, a running one within two heartbeats; 409
	 * for a finished one.
	 */
	@PostMapping("/jobs/{id}/cancel")
	@ResponseStatus(HttpStatus.ACCEPTED)
	JobCancel cancel(@PathVariable UUID id, Authentication caller) {
		return cancels.cancel(id, caller.getName());
	}

	@GetMapping("/dead-letters/{queue}")
	List<DeadLetterQueues.DeadLetterGroup> deadLetters(@PathVariable QueueKind queue) {
		return deadLetters.groups(queue);
	}

	@PostMapping("/dead-letters/{queue}/redrive")
	Map<String, Object> redrive(@PathVariable QueueKind queue, @RequestParam(required = false) String fingerprint) {
		String group = fingerprint == null ? null : Fingerprints.idOf(fingerprint);
		return Map.of("retried", deadLetters.redrive(queue, group, DeadLetterScan.MAX_SCAN).size());
	}

}
