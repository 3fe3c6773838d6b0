package io.jobsuite.api.recurring;

import java.util.List;

import io.jobsuite.model.dispatch.Dispatched;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The recurring jobs in the ops admin's API (OPS role, as all of {@code /api/admin}). An
 * unknown name answers 404.
 */
@RestController
@RequestMapping("/api/admin/recurring")
class RecurringApiController {

	private final RecurringAdmin admin;

	RecurringApiController(RecurringAdmin admin) {
		this.admin = admin;
	}

	@GetMapping
	List<RecurringView> list() {
		return admin.list();
	}

	@GetMapping("/{name}")
	RecurringView one(@PathVariable String name) {
		return admin.one(name);
	}

	/**
	 * A job now, outside the schedule: CREATED, or EXISTING with the Run now job still
	 * waiting or running.
	 */
	@PostMapping("/{name}/run")
	Dispatched runNow(@PathVariable String name) {
		return admin.runNow(name);
	}

	@PostMapping("/{name}/pause")
	RecurringView pause(@PathVariable String name) {
		return admin.pause(name, true);
	}

	/** Resumes at the next occurrence; those that fell while paused are not made up. */
	@PostMapping("/{name}/resume")
	RecurringView resume(@PathVariable String name) {
		return admin.pause(name, false);
	}

}
