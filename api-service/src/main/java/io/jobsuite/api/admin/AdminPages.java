package io.jobsuite.api.admin;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.jobsuite.api.batches.BatchReads;
import io.jobsuite.api.jobs.JobCancels;
import io.jobsuite.api.jobs.JobDetails;
import io.jobsuite.api.jobs.JobView;
import io.jobsuite.model.JobStatus;
import io.jobsuite.model.JobType;
import io.jobsuite.model.JobTypes;
import io.jobsuite.model.QueueKind;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The ops admin's pages, server-rendered on the same services as the JSON admin API.
 * Every action is a CSRF-protected form POST that redirects back with a message.
 */
@Controller
@RequestMapping("/admin")
class AdminPages {

	private static final int PAGE_SIZE = 25;

	private final JobSearches searches;

	private final JobDetails details;

	private final JobRetries retries;

	private final DeadLetterRetries deadLetterRetries;

	private final JobCancels cancels;

	private final BatchReads batches;

	AdminPages(JobSearches searches, JobDetails details, JobRetries retries, DeadLetterRetries deadLetterRetries,
			JobCancels cancels, BatchReads batches) {
		this.searches = searches;
		this.details = details;
		this.retries = retries;
		this.deadLetterRetries = deadLetterRetries;
		this.cancels = cancels;
		this.batches = batches;
	}

	@ModelAttribute("queueKinds")
	List<QueueKind> queueKinds() {
		return List.of(QueueKind.values());
	}

	@GetMapping("/jobs")
	String jobs(SearchForm form, @RequestParam(defaultValue = "0") int page, Model model) {
		model.addAttribute("form", form);
		model.addAttribute("statuses", List.of(JobStatus.values()));
		model.addAttribute("types", JobTypes.all().stream().map(JobType::name).toList());
		JobSearches.Found found = searches.newestFirst(form.toSearch(), page, PAGE_SIZE, PAGE_SIZE);
		model.addAttribute("jobs", found.jobs().map(JobView::summaryOf));
		model.addAttribute("errorScope", found.errorScope() == null ? null : found.errorScope().describe());
		model.addAttribute("pageLink", form.link("/admin/jobs"));
		return "admin/jobs";
	}

	@GetMapping("/jobs/{id}")
	String job(@PathVariable String id, Authentication caller, Model model) {
		model.addAttribute("job", details.visibleJob(id, caller));
		model.addAttribute("admin", true);
		batches.batchOf(id).ifPresent(batch -> model.addAttribute("batchId", batch));
		return "job";
	}

	@PostMapping("/jobs/{id}/retry")
	String retry(@PathVariable UUID id, RedirectAttributes redirect) {
		DeadLetterRetries.Retried done = deadLetterRetries.retry(id);
		redirect.addFlashAttribute("message",
				done.retried()
						? "Job retried: it is queued again. Dead letters deleted: " + done.deadLettersDeleted() + "."
						: "Not retried: the job is not FAILED, or an active job holds its unique key.");
		return "redirect:/admin/jobs/" + id;
	}

	@PostMapping("/jobs/{id}/cancel")
	String cancel(@PathVariable UUID id, Authentication caller, RedirectAttributes redirect) {
		redirect.addFlashAttribute("message", cancels.cancelFromPage(id, caller.getName()));
		return "redirect:/admin/jobs/" + id;
	}

	/** Retries every FAILED job the search matches. */
	@PostMapping("/jobs/retry")
	String retryMatching(SearchForm form, RedirectAttributes redirect) {
		JobRetries.BulkRetry done = retries.retryMatching(form.toSearch());
		redirect.addFlashAttribute("message",
				"Retried " + done.retried() + " of " + done.matched() + " matching failed jobs.");
		return "redirect:" + form.withStatus(JobStatus.FAILED.name()).link("/admin/jobs");
	}

	/**
	 * The job search form; every field optional. Times are UTC, as the
	 * {@code datetime-local} inputs send them.
	 *
	 * @param status a job status
	 * @param type a job type
	 * @param queue a queue
	 * @param clientId a client
	 * @param error text the last error contains
	 * @param from created at or after
	 * @param to created before
	 */
	record SearchForm(String status, String type, String queue, Long clientId, String error,
			@DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) LocalDateTime from,
			@DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) LocalDateTime to) {

		SearchForm {
			status = blankToNull(status);
			type = blankToNull(type);
			queue = blankToNull(queue);
			error = blankToNull(error);
		}

		JobSearch toSearch() {
			return new JobSearch(status, type, queue, clientId, error,
					from == null ? null : from.toInstant(ZoneOffset.UTC),
					to == null ? null : to.toInstant(ZoneOffset.UTC));
		}

		SearchForm withStatus(String newStatus) {
			return new SearchForm(newStatus, type, queue, clientId, error, from, to);
		}

		/** The path with this search as its query, to page through the results. */
		String link(String path) {
			return UriComponentsBuilder.fromPath(path)
				.queryParamIfPresent("status", Optional.ofNullable(status))
				.queryParamIfPresent("type", Optional.ofNullable(type))
				.queryParamIfPresent("queue", Optional.ofNullable(queue))
				.queryParamIfPresent("clientId", Optional.ofNullable(clientId))
				.queryParamIfPresent("error", Optional.ofNullable(error))
				.queryParamIfPresent("from", Optional.ofNullable(from))
				.queryParamIfPresent("to", Optional.ofNullable(to))
				.encode()
				.build()
				.toUriString();
		}

		private static String blankToNull(String value) {
			return value == null || value.isBlank() ? null : value;
		}

	}

}
