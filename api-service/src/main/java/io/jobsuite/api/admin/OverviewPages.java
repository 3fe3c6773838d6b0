package io.jobsuite.api.admin;

import java.util.List;

import io.jobsuite.api.counts.Trends;
import io.jobsuite.api.counts.Trends.Trend;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The admin's overview, and its live part alone ({@code /admin/live}), which the page's
 * script fetches every ten seconds instead of reloading the whole page.
 */
@Controller
@RequestMapping("/admin")
class OverviewPages {

	private final Overview overview;

	private final Trends trends;

	OverviewPages(Overview overview, Trends trends) {
		this.overview = overview;
		this.trends = trends;
	}

	@GetMapping
	String overview(Model model) {
		live(model);
		return "admin/overview";
	}

	@GetMapping("/live")
	String live(Model model) {
		model.addAttribute("overview", overview.now());
		model.addAttribute("charts", List.of(charts("Last hour, per minute", "minute", trends.lastHour()),
				charts("Last 24 hours, per hour", "hour", trends.lastDay())));
		return "admin/overview :: live";
	}

	private static Charts charts(String title, String slot, Trend trend) {
		return new Charts(
				title, List.of(
						new Chart("Succeeded attempts",
								SvgCharts.bars("chart-succeeded-" + slot, "", "#1a7f37", trend.starts(),
										trend.succeeded())),
						new Chart("Failed attempts (retried, failed, lease expired)",
								SvgCharts.bars("chart-failed-" + slot, "", "#b42318", trend.starts(), trend.failed())),
						new Chart("Queue wait p95", SvgCharts.bars("chart-wait-" + slot, " s", "#3b6fd8",
								trend.starts(), trend.waitP95Seconds()))));
	}

	/**
	 * One range's charts.
	 *
	 * @param title the range
	 * @param charts its charts
	 */
	record Charts(String title, List<Chart> charts) {
	}

	/**
	 * One chart.
	 *
	 * @param title what it shows
	 * @param svg the chart
	 */
	record Chart(String title, String svg) {
	}

}
