package io.jobsuite.api.jobs;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** A user's view of one of their jobs; it refreshes itself until the job has finished. */
@Controller
class JobPages {

	private final JobDetails details;

	JobPages(JobDetails details) {
		this.details = details;
	}

	@GetMapping("/jobs/{id}")
	String job(@PathVariable String id, Authentication caller, Model model) {
		model.addAttribute("job", details.visibleJob(id, caller));
		model.addAttribute("admin", false);
		return "job";
	}

}
