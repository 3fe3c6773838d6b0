package io.jobsuite.api.admin;

import java.util.List;
import java.util.Map;

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
 * The admin API's dead-letter operations on one group (its id as {@code GET
 * /api/admin/dead-letters/{queue}} lists it): purge, canaried redrive and marking it
 * fixed.
 */
@RestController
@RequestMapping("/api/admin/dead-letters/{queue}")
class DeadLetterApiController {

	private final DeadLetterQueues deadLetters;

	private final CanaryRedrives redrives;

	DeadLetterApiController(DeadLetterQueues deadLetters, CanaryRedrives redrives) {
		this.deadLetters = deadLetters;
		this.redrives = redrives;
	}

	/**
	 * Deletes the group's dead letters, jobs or not; {@code confirm} must repeat the
	 * group's id, so that a purge is never a slip of a URL template.
	 */
	@PostMapping("/groups/{id}/purge")
	Map<String, Object> purge(@PathVariable QueueKind queue, @PathVariable String id,
			@RequestParam(required = false) String confirm) {
		DeadLetterQueues.DeadLetterGroup group = deadLetters.group(queue, id);
		if (!id.equals(confirm)) {
			throw ProblemException.badRequest("Purging deletes the group's " + group.count()
					+ " (or more) dead letters for good: confirm with confirm=" + id);
		}
		return Map.of("purged", deadLetters.purge(queue, id));
	}

	/**
	 * Redrives {@code size} of the group's messages (the configured number by default),
	 * and the rest only once their jobs succeeded.
	 */
	@PostMapping("/groups/{id}/canary-redrive")
	@ResponseStatus(HttpStatus.ACCEPTED)
	CanaryRedrive canaryRedrive(@PathVariable QueueKind queue, @PathVariable String id,
			@RequestParam(required = false) Integer size, Authentication caller) {
		if (size != null && (size < 1 || size > 100)) {
			throw ProblemException.badRequest("size is 1 to 100, not " + size);
		}
		return redrives.start(queue, id, size, caller.getName());
	}

	/** The queue's ten latest canaried redrives, newest first, with where each is. */
	@GetMapping("/redrives")
	List<CanaryRedrive> redrives(@PathVariable QueueKind queue) {
		return redrives.latest(queue);
	}

	/**
	 * Marks the group's fingerprint fixed: its dead letters that arrive later are
	 * flagged.
	 */
	@PostMapping("/groups/{id}/fixed")
	DeadLetterQueues.DeadLetterGroup markFixed(@PathVariable QueueKind queue, @PathVariable String id,
			Authentication caller) {
		return deadLetters.markFixed(queue, id, caller.getName());
	}

}
