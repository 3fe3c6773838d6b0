package io.jobsuite.api.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import org.springframework.stereotype.Component;

/**
 * Times as the pages show them ({@code fragments :: time}): readable UTC to the second in
 * the text, which the page's script turns into the browser's time zone, and the instant
 * to the millisecond in the {@code datetime} attribute it reads. Never Java's raw
 * nanosecond ISO form.
 */
@Component("pageTimes")
public class PageTimes {

	private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	/** For people: "2026-12-07 20:10:05 UTC". */
	public String text(Instant at) {
		return at == null ? "" : TEXT.format(at);
	}

	/** For the script: ISO-8601 to the millisecond. */
	public String iso(Instant at) {
		return at == null ? "" : DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.MILLIS));
	}

}
