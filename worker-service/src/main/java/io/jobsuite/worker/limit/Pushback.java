package io.jobsuite.worker.limit;

import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientResponseException;

/**
 * An upstream's answer that says "slow down": 429, 503, or no answer in time. A 429, and
 * a 503 that names a Retry-After, is a wait (the attempt is given back); a timeout, and a
 * 503 without one, is a failed attempt like any other. All of them lower the limit.
 *
 * @param retryAfter the pause the upstream asked for, or null
 * @param waits whether the attempt is given back rather than counted
 * @param what a short description for the admin
 */
record Pushback(Duration retryAfter, boolean waits, String what) {

	/** The push-back in {@code failure}, or null when it is none. */
	static Pushback of(Throwable failure, Clock clock) {
		if (failure instanceof RestClientResponseException response) {
			int status = response.getStatusCode().value();
			if (status != 429 && status != 503) {
				return null;
			}
			HttpHeaders headers = response.getResponseHeaders();
			Duration retryAfter = RetryAfter.parse(headers == null ? null : headers.getFirst(HttpHeaders.RETRY_AFTER),
					clock);
			return new Pushback(retryAfter, status == 429 || retryAfter != null,
					status + (retryAfter == null ? "" : " Retry-After " + retryAfter.toSeconds() + " s"));
		}
		if (failure instanceof ResourceAccessException && timedOut(failure)) {
			return new Pushback(null, false, "timeout");
		}
		return null;
	}

	private static boolean timedOut(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException) {
				return true;
			}
		}
		return false;
	}

}
