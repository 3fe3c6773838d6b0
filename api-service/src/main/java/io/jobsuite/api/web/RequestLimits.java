package io.jobsuite.api.web;

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
import org.springframework.http.MediaType;
import org.springframework.http.server.RequestPath;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before anything reads it, a request that no handler could read; each of these
 * was a 500 from whichever filter or handler read it first:
 * <ul>
 * <li>a path whose parameters ({@code ;x=…}) do not decode (400);</li>
 * <li>a Content-Type that is not a media type, has a wildcard or names an unknown charset
 * (415);</li>
 * <li>a body over {@code jobs.requests.max-body-size} (413; a JSON body is read whole
 * into memory), or a chunked one once it passes that;</li>
 * <li>a query or form that does not decode (invalid percent-encoding such as
 * {@code ?page=%ff}) or has too many parameters: Tomcat throws on every parameter read
 * (400 or 413).</li>
 * </ul>
 * The refusal goes through the error page, as problem+json or an HTML page. On that error
 * dispatch, a request whose parameters do not decode shows none, so that nothing there
 * trips over them again.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestLimits extends OncePerRequestFilter {

	private final long maxBodyBytes;

	RequestLimits(RequestLimitsProperties properties) {
		this.maxBodyBytes = properties.maxBodySize().toBytes();
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getDispatcherType() != DispatcherType.ERROR && refused(request, response)) {
			return;
		}
		HttpServletRequest readable = parametersFailure(request) == null ? request : new WithoutParameters(request);
		chain.doFilter(request.getContentLengthLong() < 0 ? new CappedBody(readable, maxBodyBytes) : readable,
				response);
	}

	/** Whether the request is refused (the refusal sent). */
	private boolean refused(HttpServletRequest request, HttpServletResponse response) throws IOException {
		try {
			RequestPath.parse(request.getRequestURI(), request.getContextPath());
		}
		catch (IllegalArgumentException ex) {
			return refuse(response, HttpStatus.BAD_REQUEST, "The path cannot be decoded");
		}
		String contentType = request.getContentType();
		if (contentType != null && !concrete(contentType)) {
			return refuse(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
					"The Content-Type is not a media type with a known charset");
		}
		if (request.getContentLengthLong() > maxBodyBytes) {
			return refuse(response, HttpStatus.CONTENT_TOO_LARGE, CappedBody.tooLargeMessage(maxBodyBytes));
		}
		IllegalStateException unreadable = parametersFailure(request);
		if (unreadable == null) {
			return false;
		}
		boolean overLimits = unreadable instanceof InvalidParameterException invalid
				&& invalid.getErrorCode() == HttpStatus.CONTENT_TOO_LARGE.value();
		return overLimits ? refuse(response, HttpStatus.CONTENT_TOO_LARGE, "Too many or too large parameters")
				: refuse(response, HttpStatus.BAD_REQUEST,
						"The query string or form cannot be decoded (invalid percent-encoding or not UTF-8)");
	}

	private static boolean refuse(HttpServletResponse response, HttpStatus status, String message) throws IOException {
		response.sendError(status.value(), message);
		return true;
	}

	private static boolean concrete(String contentType) {
		try {
			return MediaType.parseMediaType(contentType).isConcrete();
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
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
