package io.jobsuite.api.web;

import java.io.IOException;

import io.jobsuite.web.UndecodableRequests;
import io.jobsuite.web.UndecodableRequests.Refusal;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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
 * trips over them again. The path and parameter checks are the ones the worker and the
 * scheduler run ({@link UndecodableRequests}).
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
		HttpServletRequest readable = UndecodableRequests.readable(request);
		chain.doFilter(request.getContentLengthLong() < 0 ? new CappedBody(readable, maxBodyBytes) : readable,
				response);
	}

	/** Whether the request is refused (the refusal sent). */
	private boolean refused(HttpServletRequest request, HttpServletResponse response) throws IOException {
		Refusal path = UndecodableRequests.pathRefusal(request);
		if (path != null) {
			return refuse(response, path.status(), path.reason());
		}
		String contentType = request.getContentType();
		if (contentType != null && !concrete(contentType)) {
			return refuse(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
					"The Content-Type is not a media type with a known charset");
		}
		if (request.getContentLengthLong() > maxBodyBytes) {
			return refuse(response, HttpStatus.CONTENT_TOO_LARGE, CappedBody.tooLargeMessage(maxBodyBytes));
		}
		Refusal parameters = UndecodableRequests.parametersRefusal(request);
		return parameters != null && refuse(response, parameters.status(), parameters.reason());
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

}
