package io.jobsuite.api.admin;

import io.jobsuite.api.freshness.Freshness;
import io.jobsuite.api.freshness.FreshnessSnapshot;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * The overview's freshness panel ({@code admin/freshness :: panel}): the last poll's
 * figures, read from memory, so the page costs no query for them.
 */
@ControllerAdvice(assignableTypes = OverviewPages.class)
class FreshnessPanel {

	private final Freshness freshness;

	FreshnessPanel(Freshness freshness) {
		this.freshness = freshness;
	}

	/** Null until the first poll. */
	@ModelAttribute("freshness")
	FreshnessSnapshot freshness() {
		return freshness.latest().orElse(null);
	}

}
