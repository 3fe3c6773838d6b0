package io.jobsuite.api.web;

import java.io.IOException;
import java.time.DateTimeException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Bad arguments to a page or to Actuator (a search from the year 1,000,000,000) are the
 * caller's mistake: 400, shown by {@link ErrorPages}. Spring MVC's own refusals reach
 * that page without help. The JSON API's controllers get {@link ApiExceptionHandler}'s
 * answer first.
 */
@ControllerAdvice
class PageExceptionHandler {

	@ExceptionHandler({ IllegalArgumentException.class, DateTimeException.class })
	void badArgument(RuntimeException ex, HttpServletResponse response) throws IOException {
		response.sendError(HttpStatus.BAD_REQUEST.value(), ex.getMessage());
	}

}
