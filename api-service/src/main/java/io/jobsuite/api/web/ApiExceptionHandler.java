package io.jobsuite.api.web;

import java.time.DateTimeException;
import java.util.stream.Collectors;

import io.jobsuite.web.ClientErrorLog;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the JSON API as problem+json: Spring MVC's own (validation, unreadable
 * body, wrong method or media type) through the base class, ours through
 * {@link ProblemException}, and the database being down as 503, never a 500 with a stack
 * trace. Only for the API's controllers: a page's errors go to {@link ErrorPages}, which
 * answers a browser with a page. Refusals are logged through {@link ClientErrorLog}.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	private final ClientErrorLog clientErrors;

	ApiExceptionHandler(ClientErrorLog clientErrors) {
		this.clientErrors = clientErrors;
	}

	@ExceptionHandler(DataAccessException.class)
	ProblemDetail databaseUnavailable(DataAccessException ex) {
		log.warn("Request failed on the database: {}", ex.toString());
		return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The job store is unavailable; nothing was accepted. Try again shortly.");
	}

	/** Also dates out of range (a search from the year 1,000,000,000). */
	@ExceptionHandler({ IllegalArgumentException.class, DateTimeException.class })
	ProblemDetail badArgument(RuntimeException ex, HttpServletRequest request) {
		clientErrors.refused(HttpStatus.BAD_REQUEST.value(), request.getMethod(), request.getRequestURI(),
				ex.getMessage());
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

	/** A body cut off by {@link CappedBody} is too large, not unreadable. */
	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (CappedBody.tooLarge(ex)) {
			HttpStatus tooLarge = HttpStatus.CONTENT_TOO_LARGE;
			return handleExceptionInternal(ex,
					ProblemDetail.forStatusAndDetail(tooLarge, ex.getMostSpecificCause().getMessage()), headers,
					tooLarge, request);
		}
		return super.handleHttpMessageNotReadable(ex, headers, status, request);
	}

	/**
	 * Says which fields were wrong and why (Spring's detail is only "Invalid request
	 * content.").
	 */
	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ex.getBody()
			.setDetail(ex.getFieldErrors()
				.stream()
				.map(error -> error.getField() + " " + error.getDefaultMessage())
				.sorted()
				.collect(Collectors.joining("; ")));
		return super.handleMethodArgumentNotValid(ex, headers, status, request);
	}

	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (statusCode.is4xxClientError() && request instanceof ServletWebRequest servlet) {
			clientErrors.refused(statusCode.value(), servlet.getRequest().getMethod(),
					servlet.getRequest().getRequestURI(), ex.getMessage());
		}
		// problem+json whatever the Accept header asked for (image/png, or one that does
		// not
		// parse): without a type set, such a refusal went out without its body.
		HttpHeaders problem = HttpHeaders.copyOf(headers);
		problem.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		return super.handleExceptionInternal(ex, body, problem, statusCode, request);
	}

}
