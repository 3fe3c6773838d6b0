package io.jobsuite.api.jobs;

import java.util.UUID;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A user's view of one of their jobs, with Cancel while it is active; it refreshes itself
 * until the job has finished.
 */
@Controller
class JobPages {

	private final JobDetails details;

	private final JobCancels cancels;

	JobPages(JobDetails details, JobCancels cancels) {
		this.details = details;
		this.cancels = cancels;
	}

	@GetMapping("/jobs/{id}")
	String job(@PathVariable String id, Authentication caller, Model model) {
		model.addAttribute("job", details.visibleJob(id, caller));
		model.addAttribute("admin", false);
		return "job";
	}

	/** Cancel from the job page, for the jobs the caller may see. */
	@PostMapping("/jobs/{id}/cancel")
	String cancel(@PathVariable String id, Authentication caller, RedirectAttributes redirect) {
		String job = details.visibleJob(id, caller).id();
		redirect.addFlashAttribute("message", cancels.cancelFromPage(UUID.fromString(job), caller.getName()));
		return "redirect:/jobs/" + job;
	}

}
