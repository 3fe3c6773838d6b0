package io.jobsuite.api.web;

import java.time.DateTimeException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as problem+json: Spring MVC's own (validation, unreadable body, unknown
 * path) through the base class, ours through {@link ProblemException}, and the database
 * being down as 503, never a 500 with a stack trace.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler(DataAccessException.class)
	ProblemDetail databaseUnavailable(DataAccessException ex) {
		log.warn("Request failed on the database: {}", ex.toString());
		return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The job store is unavailable; nothing was accepted. Try again shortly.");
	}

	/** Also dates out of range (a search from the year 1,000,000,000). */
	@ExceptionHandler({ IllegalArgumentException.class, DateTimeException.class })
	ProblemDetail badArgument(RuntimeException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

}
