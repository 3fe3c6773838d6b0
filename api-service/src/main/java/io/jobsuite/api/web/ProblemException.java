package io.jobsuite.api.web;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.http.ProblemDetail;

/** An error answered as problem+json with a status and what was wrong. */
public class ProblemException extends ErrorResponseException {

	public ProblemException(HttpStatus status, String detail) {
		super(status, ProblemDetail.forStatusAndDetail(status, detail), null);
	}

	public static ProblemException notFound(String what, Object id) {
		return new ProblemException(HttpStatus.NOT_FOUND, "No " + what + " " + id);
	}

	public static ProblemException badRequest(String detail) {
		return new ProblemException(HttpStatus.BAD_REQUEST, detail);
	}

	public static ProblemException conflict(String detail) {
		return new ProblemException(HttpStatus.CONFLICT, detail);
	}

	/**
	 * A delay rounded up to whole seconds, at least one: what Retry-After and people can
	 * use.
	 */
	public static long wholeSeconds(Duration delay) {
		return Math.max(1, (delay.toMillis() + 999) / 1000);
	}

	/** 429 with a Retry-After in whole seconds (at least one). */
	public static ProblemException tooManyRequests(String detail, Duration retryAfter) {
		ProblemException ex = new ProblemException(HttpStatus.TOO_MANY_REQUESTS, detail);
		ex.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(wholeSeconds(retryAfter)));
		return ex;
	}

}
