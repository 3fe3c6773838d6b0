package io.jobsuite.api.admin;

import java.util.List;

import io.jobsuite.model.QueueKind;

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

/**
 * The admin's dead-letter pages: the groups of a queue with their canaried redrives, and
 * per group a canaried redrive, a purge behind a confirmation page, and marking it fixed.
 */
@Controller
@RequestMapping("/admin/dead-letters")
class DeadLetterPages {

	private final DeadLetterQueues deadLetters;

	private final CanaryRedrives redrives;

	private final CanaryRedriveProperties canary;

	DeadLetterPages(DeadLetterQueues deadLetters, CanaryRedrives redrives, CanaryRedriveProperties canary) {
		this.deadLetters = deadLetters;
		this.redrives = redrives;
		this.canary = canary;
	}

	@ModelAttribute("queueKinds")
	List<QueueKind> queueKinds() {
		return List.of(QueueKind.values());
	}

	@GetMapping
	String deadLetters(@RequestParam(defaultValue = "STANDARD") QueueKind queue, Model model) {
		model.addAttribute("queue", queue);
		model.addAttribute("groups", deadLetters.groups(queue));
		model.addAttribute("redrives", redrives.latest(queue));
		model.addAttribute("canarySize", canary.size());
		return "admin/dead-letters";
	}

	/**
	 * The confirmation step of a purge: what would be deleted, and the button that does
	 * it.
	 */
	@GetMapping("/{queue}/groups/{id}/purge")
	String confirmPurge(@PathVariable QueueKind queue, @PathVariable String id, Model model) {
		model.addAttribute("queue", queue);
		model.addAttribute("group", deadLetters.group(queue, id));
		return "admin/purge";
	}

	@PostMapping("/{queue}/groups/{id}/purge")
	String purge(@PathVariable QueueKind queue, @PathVariable String id, @RequestParam(required = false) String confirm,
			RedirectAttributes redirect) {
		if (!id.equals(confirm)) {
			redirect.addFlashAttribute("message", "Not purged: the purge was not confirmed.");
			return "redirect:/admin/dead-letters/" + queue + "/groups/" + deadLetters.group(queue, id).id() + "/purge";
		}
		redirect.addFlashAttribute("message", "Purged " + deadLetters.purge(queue, id) + " dead letters.");
		return "redirect:/admin/dead-letters?queue=" + queue;
	}

	@PostMapping("/{queue}/groups/{id}/canary-redrive")
	String canaryRedrive(@PathVariable QueueKind queue, @PathVariable String id, Authentication caller,
			RedirectAttributes redirect) {
		CanaryRedrive started = redrives.start(queue, id, null, caller.getName());
		redirect.addFlashAttribute("message", started.note());
		return "redirect:/admin/dead-letters?queue=" + queue;
	}

	@PostMapping("/{queue}/groups/{id}/fixed")
	String markFixed(@PathVariable QueueKind queue, @PathVariable String id, Authentication caller,
			RedirectAttributes redirect) {
		deadLetters.markFixed(queue, id, caller.getName());
		redirect.addFlashAttribute("message",
				"Marked fixed: a dead letter of this group that arrives from now on is" + " flagged.");
		return "redirect:/admin/dead-letters?queue=" + queue;
	}

}
