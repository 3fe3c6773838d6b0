package io.jobsuite.api.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

import io.jobsuite.web.ClientErrorLog;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every error no handler answered itself looks like: an HTML page for a browser,
 * problem+json for everyone else. Errors come here from Spring Security (401, 403), from
 * {@link RequestLimits}, from Spring MVC's own refusals outside the JSON API (unknown
 * paths, wrong methods, bad page parameters) and from Tomcat. It replaces Boot's error
 * controller, whose JSON is not problem+json, and Tomcat's error page. Server errors say
 * nothing of their cause: it is in the log.
 */
@Controller
@RequestMapping("${server.error.path:/error}")
class ErrorPages implements ErrorController {

	private final ClientErrorLog clientErrors;

	ErrorPages(ClientErrorLog clientErrors) {
		this.clientErrors = clientErrors;
	}

	@RequestMapping(produces = MediaType.TEXT_HTML_VALUE)
	ModelAndView page(HttpServletRequest request) {
		HttpStatus status = status(request);
		return new ModelAndView("error",
				Map.of("status", status.value(), "reason", status.getReasonPhrase(), "detail", detail(request, status)),
				status);
	}

	@RequestMapping
	ResponseEntity<ProblemDetail> problem(HttpServletRequest request) {
		HttpStatus status = status(request);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail(request, status));
		problem.setInstance(instance(request));
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	/** A request for /error itself finds nothing. */
	private HttpStatus status(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
		return status != null && status.isError() ? status : HttpStatus.NOT_FOUND;
	}

	private String detail(HttpServletRequest request, HttpStatus status) {
		if (status.is5xxServerError()) {
			return "The server failed on this request; its log has the cause (X-Trace-Id of the response).";
		}
		Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
		String detail = message instanceof String text && !text.isBlank() ? text : status.getReasonPhrase();
		clientErrors.refused(status.value(), request.getMethod(), sentPath(request), detail);
		return detail;
	}

	/** The path the caller sent, not this page's. */
	private static String sentPath(HttpServletRequest request) {
		Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		return path instanceof String sent ? sent : request.getRequestURI();
	}

	/** The path the caller sent, when it is a valid URI (a refused one may not be). */
	private static URI instance(HttpServletRequest request) {
		try {
			return new URI(sentPath(request));
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

}
