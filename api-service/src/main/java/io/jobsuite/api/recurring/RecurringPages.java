package io.jobsuite.api.recurring;

import io.jobsuite.model.dispatch.Dispatched;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The admin's recurring jobs page, with Run now, Pause and Resume as CSRF-protected form
 * POSTs that redirect back with a message.
 */
@Controller
@RequestMapping("/admin/recurring")
class RecurringPages {

	private final RecurringAdmin admin;

	RecurringPages(RecurringAdmin admin) {
		this.admin = admin;
	}

	@GetMapping
	String list(Model model) {
		model.addAttribute("recurring", admin.list());
		return "admin/recurring";
	}

	@PostMapping("/{name}/run")
	String runNow(@PathVariable String name, RedirectAttributes redirect) {
		Dispatched dispatched = admin.runNow(name);
		redirect.addFlashAttribute("message",
				dispatched.created() ? "Job " + dispatched.jobId() + " created for " + name + "."
						: "Not run again: job " + dispatched.jobId() + " of an earlier Run now has not finished.");
		return "redirect:/admin/recurring";
	}

	@PostMapping("/{name}/pause")
	String pause(@PathVariable String name, RedirectAttributes redirect) {
		admin.pause(name, true);
		redirect.addFlashAttribute("message", name + " is paused: no scheduler creates its occurrences.");
		return "redirect:/admin/recurring";
	}

	@PostMapping("/{name}/resume")
	String resume(@PathVariable String name, RedirectAttributes redirect) {
		admin.pause(name, false);
		redirect.addFlashAttribute("message", name + " resumes at its next occurrence.");
		return "redirect:/admin/recurring";
	}

}
