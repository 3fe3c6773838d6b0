package io.jobsuite.worker.limit;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads an HTTP Retry-After header (RFC 9110: delay-seconds or an HTTP-date) as a
 * duration; null when it is absent or not one of the two forms.
 */
final class RetryAfter {

	private RetryAfter() {
	}

	static Duration parse(String header, Clock clock) {
		if (header == null || header.isBlank()) {
			return null;
		}
		String value = header.trim();
		try {
			long seconds = Long.parseLong(value);
			return seconds < 0 ? null : Duration.ofSeconds(seconds);
		}
		catch (NumberFormatException notSeconds) {
			try {
				Duration until = Duration.between(clock.instant(),
						ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
				return until.isNegative() ? Duration.ZERO : until;
			}
			catch (DateTimeParseException notDate) {
				return null;
			}
		}
	}

}
