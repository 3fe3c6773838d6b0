package io.jobsuite.api.admin;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SvgChartsTest {

	static final List<Instant> STARTS = List.of(Instant.parse("2026-12-07T20:00:00Z"),
			Instant.parse("2026-12-07T20:01:00Z"), Instant.parse("2026-12-07T20:02:00Z"));

	@Test
	void drawsOneBarPerSlotWithAValueScaledToTheTallest() {
		String svg = SvgCharts.bars("c", "", "#000", STARTS, List.of(5L, 10L, 0L));

		assertThat(svg).startsWith("<svg id=\"c\"").endsWith("</svg>");
		assertThat(svg.split("<rect ")).hasSize(4);
		assertThat(svg).contains("height=\"102.0\"", "height=\"51.0\"", "height=\"0.0\"",
				"<title>20:01 UTC: 10</title>");
		assertThat(svg).as("the top's label").contains(">10</text>");
	}

	@Test
	void leavesOutSlotsWithoutAValueAndLabelsTimesForTheBrowser() {
		String svg = SvgCharts.bars("c", " s", "#000", STARTS, Arrays.asList(null, 0.25, null));

		assertThat(svg.split("<rect ")).hasSize(2);
		assertThat(svg).contains(">0.25 s</text>", "data-time=\"2026-12-07T20:00:00Z\">20:00</text>",
				"data-time=\"2026-12-07T20:02:00Z\">20:02</text>");
		assertThat(svg).doesNotContainPattern("\\d{2}:\\d{2}:\\d{2}\\.\\d+");
	}

}
