package io.jobsuite.api.web;

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

}
