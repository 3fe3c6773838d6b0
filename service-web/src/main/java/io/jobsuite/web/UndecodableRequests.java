package io.jobsuite.web;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.InvalidParameterException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.RequestPath;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before anything reads it, a request whose path or parameters do not decode
 * (invalid percent-encoding such as {@code ?x=%ff}, not UTF-8): Tomcat throws on every
 * read of such parameters, which was a 500 and an ERROR line from whichever filter,
 * endpoint or error page read them first. On the error dispatch such a request shows no
 * parameters. The worker and the scheduler (Actuator) run this filter, logging refusals
 * through {@link ClientErrorLog}; the API's request limits make the same checks among
 * their own, through {@link #pathRefusal} and {@link #parametersRefusal}.
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class UndecodableRequests extends OncePerRequestFilter {

	private final ClientErrorLog clientErrors;

	public UndecodableRequests(ClientErrorLog clientErrors) {
		this.clientErrors = clientErrors;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getDispatcherType() != DispatcherType.ERROR) {
			Refusal refusal = pathRefusal(request);
			refusal = refusal != null ? refusal : parametersRefusal(request);
			if (refusal != null) {
				clientErrors.refused(refusal.status().value(), request.getMethod(), request.getRequestURI(),
						refusal.reason());
				response.sendError(refusal.status().value(), refusal.reason());
				return;
			}
		}
		chain.doFilter(readable(request), response);
	}

	/** Why the request's path cannot be read (its {@code ;x=…} parameters), or null. */
	public static Refusal pathRefusal(HttpServletRequest request) {
		try {
			RequestPath.parse(request.getRequestURI(), request.getContextPath());
			return null;
		}
		catch (IllegalArgumentException ex) {
			return new Refusal(HttpStatus.BAD_REQUEST, "The path cannot be decoded");
		}
	}

	/**
	 * Why the query string or form cannot be read (it does not decode, or has too many
	 * parameters), or null. Reads a form body: check its size first.
	 */
	public static Refusal parametersRefusal(HttpServletRequest request) {
		IllegalStateException unreadable = parametersFailure(request);
		if (unreadable == null) {
			return null;
		}
		boolean overLimits = unreadable instanceof InvalidParameterException invalid
				&& invalid.getErrorCode() == HttpStatus.CONTENT_TOO_LARGE.value();
		return overLimits ? new Refusal(HttpStatus.CONTENT_TOO_LARGE, "Too many or too large parameters")
				: new Refusal(HttpStatus.BAD_REQUEST,
						"The query string or form cannot be decoded (invalid percent-encoding or not UTF-8)");
	}

	/**
	 * The request as the rest may read it: without parameters when they do not decode
	 * (the error dispatch of a refused request).
	 */
	public static HttpServletRequest readable(HttpServletRequest request) {
		return parametersFailure(request) == null ? request : new WithoutParameters(request);
	}

	/** Tomcat parses parameters once and throws the same failure on every read. */
	private static IllegalStateException parametersFailure(HttpServletRequest request) {
		try {
			request.getParameterMap();
			return null;
		}
		catch (IllegalStateException ex) {
			return ex;
		}
	}

	/** A refusal: its status and what the caller is told. */
	public record Refusal(HttpStatus status, String reason) {
	}

	/** The error page's view of a request whose parameters do not decode. */
	private static final class WithoutParameters extends HttpServletRequestWrapper {

		WithoutParameters(HttpServletRequest request) {
			super(request);
		}

		@Override
		public String getParameter(String name) {
			return null;
		}

		@Override
		public Map<String, String[]> getParameterMap() {
			return Map.of();
		}

		@Override
		public Enumeration<String> getParameterNames() {
			return Collections.emptyEnumeration();
		}

		@Override
		public String[] getParameterValues(String name) {
			return null;
		}

	}

}
