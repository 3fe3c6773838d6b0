package io.jobsuite.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests refused for the caller's mistake (4xx), logged at WARN and at most once a
 * minute per status, with how many more were refused since: a flood of bad requests
 * cannot flood the log, and never pages anyone (log alarms watch ERROR). Spring's own
 * unbounded WARN lines for the same refusals ({@code PageNotFound}) are switched off in
 * the API's application.yml.
 */
public class ClientErrorLog {

	private static final Logger log = LoggerFactory.getLogger(ClientErrorLog.class);

	private static final Duration INTERVAL = Duration.ofMinutes(1);

	/** What a caller sent is logged, cut short. */
	private static final int MAX_TEXT = 200;

	private final Clock clock;

	/** Keyed by status (at most a hundred 4xx codes). */
	private final Map<Integer, Window> windows = new ConcurrentHashMap<>();

	public ClientErrorLog(Clock clock) {
		this.clock = clock;
	}

	/** A request answered with this 4xx status, for this reason. */
	public void refused(int status, String method, String path, String reason) {
		Instant now = clock.instant();
		long[] notLogged = { -1 };
		windows.compute(status, (key, window) -> {
			if (window == null || !now.isBefore(window.since().plus(INTERVAL))) {
				notLogged[0] = window == null ? 0 : window.notLogged();
				return new Window(now, 0);
			}
			return new Window(window.since(), window.notLogged() + 1);
		});
		if (notLogged[0] >= 0) {
			log.atWarn()
				.addKeyValue("httpStatus", status)
				.log("Refused {} {} with {}: {} ({} more refused with {} in the minute before, not logged)",
						printable(method), printable(path), status, printable(reason), notLogged[0], status);
		}
	}

	/**
	 * Control characters out (a forged line in a plain-text log), and no more than
	 * {@value #MAX_TEXT} characters.
	 */
	static String printable(String text) {
		if (text == null) {
			return "-";
		}
		String cut = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "…" : text;
		return cut.replaceAll("\\p{Cntrl}", "?");
	}

	private record Window(Instant since, long notLogged) {
	}

}
