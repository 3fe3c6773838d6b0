package io.jobsuite.api.clients;

import io.jobsuite.api.security.Roles;
import io.jobsuite.api.web.ProblemException;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The clients page: a user's own clients (ops: all, with their owners), each with its
 * last sync and a Sync Now button that leads to the job it started.
 */
@Controller
class ClientPages {

	private static final int PAGE_SIZE = 25;

	private final ClientAccess access;

	private final SyncNow syncNow;

	ClientPages(ClientAccess access, SyncNow syncNow) {
		this.access = access;
		this.syncNow = syncNow;
	}

	@GetMapping("/")
	String home(Authentication caller) {
		return Roles.isOps(caller) ? "redirect:/admin" : "redirect:/clients";
	}

	@GetMapping("/clients")
	String clients(@RequestParam(defaultValue = "0") int page, Authentication caller, Model model) {
		model.addAttribute("clients", access.visibleClients(caller, page, PAGE_SIZE));
		model.addAttribute("admin", Roles.isOps(caller));
		return "clients";
	}

	@PostMapping("/clients/{id}/sync")
	String sync(@PathVariable long id, Authentication caller, RedirectAttributes redirect) {
		try {
			String job = syncNow.request(id, caller).jobId();
			return Roles.isOps(caller) ? "redirect:/admin/jobs/" + job : "redirect:/jobs/" + job;
		}
		catch (ProblemException ex) {
			redirect.addFlashAttribute("message", ex.getBody().getDetail());
			return "redirect:/clients";
		}
	}

}
