package io.jobsuite.api.admin;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.jobsuite.api.batches.BatchReads;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The admin's batch page: its jobs with their states and edges, and for a failed job a
 * retry (now) or a move back to scheduled (in some minutes). Either reopens the batch and
 * re-arms the jobs its failure cancelled.
 */
@Controller
@RequestMapping("/admin/batches")
class BatchPages {

	/** A week: the furthest ops put a failed job off from this page. */
	private static final int MAX_MINUTES = 7 * 24 * 60;

	private final BatchReads reads;

	private final JobRetries retries;

	BatchPages(BatchReads reads, JobRetries retries) {
		this.reads = reads;
		this.retries = retries;
	}

	@GetMapping("/{id}")
	String batch(@PathVariable String id, Model model) {
		model.addAttribute("batch", reads.get(id));
		return "admin/batch";
	}

	@PostMapping("/{id}/jobs/{jobId}/retry")
	String retry(@PathVariable UUID id, @PathVariable UUID jobId, RedirectAttributes redirect) {
		boolean retried = !retries.retry(List.of(jobId)).isEmpty();
		redirect.addFlashAttribute("message", retried ? "Job retried: it and the jobs after it are queued again."
				: "Not retried: the job is not FAILED.");
		return "redirect:/admin/batches/" + id;
	}

	@PostMapping("/{id}/jobs/{jobId}/schedule")
	String schedule(@PathVariable UUID id, @PathVariable UUID jobId, @RequestParam int minutes,
			RedirectAttributes redirect) {
		if (minutes < 0 || minutes > MAX_MINUTES) {
			throw new IllegalArgumentException("minutes must be 0 to " + MAX_MINUTES + ": " + minutes);
		}
		boolean scheduled = retries.schedule(jobId, Duration.ofMinutes(minutes));
		redirect.addFlashAttribute("message",
				scheduled ? "Job scheduled again in " + minutes + " min." : "Not scheduled: the job is not FAILED.");
		return "redirect:/admin/batches/" + id;
	}

}
