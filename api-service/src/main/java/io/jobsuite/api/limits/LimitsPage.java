package io.jobsuite.api.limits;

import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The admin's page of concurrency limits: each upstream's and job type's current limit,
 * permits in flight, recent throttles and the Retry-After it honours.
 */
@Controller
class LimitsPage {

	static final int PAGE_SIZE = 50;

	private final ConcurrencyLimits limits;

	LimitsPage(ConcurrencyLimits limits) {
		this.limits = limits;
	}

	@GetMapping("/admin/limits")
	String limits(@RequestParam(defaultValue = "") String after, Model model) {
		List<ConcurrencyLimits.Limit> page = limits.page(after, PAGE_SIZE + 1);
		model.addAttribute("limits", page.subList(0, Math.min(PAGE_SIZE, page.size())));
		model.addAttribute("next", page.size() > PAGE_SIZE ? page.get(PAGE_SIZE - 1).key() : null);
		return "admin/limits";
	}

}
