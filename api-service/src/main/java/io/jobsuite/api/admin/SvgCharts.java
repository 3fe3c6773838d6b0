package io.jobsuite.api.admin;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Bar charts as inline SVG, drawn on the server: no script library and no CDN. The time
 * labels carry their instant ({@code data-time}) so that the page's script shows them in
 * the browser's time zone; they read UTC without it.
 */
final class SvgCharts {

	static final int WIDTH = 380;

	static final int HEIGHT = 130;

	private static final int LEFT = 44;

	private static final int TOP = 8;

	private static final int BOTTOM = 20;

	private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

	private SvgCharts() {
	}

	/**
	 * One bar per slot ({@code null}: nothing to show in it), the tallest scaled to the
	 * chart's height.
	 */
	static String bars(String id, String unit, String color, List<Instant> starts, List<? extends Number> values) {
		double max = values.stream().filter(v -> v != null).mapToDouble(Number::doubleValue).max().orElse(0);
		double top = max > 0 ? max : 1;
		int plotWidth = WIDTH - LEFT - 4;
		int plotHeight = HEIGHT - TOP - BOTTOM;
		double slot = (double) plotWidth / values.size();
		StringBuilder svg = new StringBuilder();
		svg.append(String.format(Locale.ROOT,
				"<svg id=\"%s\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
						+ " viewBox=\"0 0 %d %d\" role=\"img\">",
				id, WIDTH, HEIGHT, WIDTH, HEIGHT));
		svg.append(String.format(Locale.ROOT,
				"<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#99a\"/>"
						+ "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"10\" fill=\"#556\">%s</text>"
						+ "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"10\" fill=\"#556\">0</text>",
				LEFT, TOP + plotHeight, WIDTH - 4, TOP + plotHeight, LEFT - 4, TOP + 9, number(max) + unit, LEFT - 4,
				TOP + plotHeight));
		for (int i = 0; i < values.size(); i++) {
			Number value = values.get(i);
			if (value == null) {
				continue;
			}
			double height = value.doubleValue() / top * plotHeight;
			svg.append(String.format(Locale.ROOT,
					"<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s UTC: %s%s</title></rect>",
					LEFT + i * slot + 0.5, TOP + plotHeight - height, Math.max(slot - 1, 1), height, color,
					LABEL.format(starts.get(i)), number(value.doubleValue()), unit));
		}
		// The first label starts at its bar and the last ends at its bar, so that a
		// longer
		// local form ("09:00 PM") stays inside the chart.
		int last = values.size() - 1;
		for (int i : List.of(0, values.size() / 2, last)) {
			String anchor = i == 0 ? "start" : i == last ? "end" : "middle";
			double x = i == 0 ? LEFT : i == last ? LEFT + plotWidth : LEFT + (i + 0.5) * slot;
			svg.append(String.format(Locale.ROOT,
					"<text x=\"%.1f\" y=\"%d\" text-anchor=\"%s\" font-size=\"10\" fill=\"#556\" data-time=\"%s\">%s</text>",
					x, HEIGHT - 6, anchor, starts.get(i), LABEL.format(starts.get(i))));
		}
		return svg.append("</svg>").toString();
	}

	private static String number(double value) {
		return value == Math.rint(value) ? String.format(Locale.ROOT, "%,d", (long) value)
				: String.format(Locale.ROOT, "%.2f", value);
	}

}
