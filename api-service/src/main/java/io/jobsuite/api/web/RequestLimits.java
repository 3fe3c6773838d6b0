package io.jobsuite.api.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.InvalidParameterException;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before anything reads it, a request that no handler could read: a query or
 * form that does not decode (invalid percent-encoding such as {@code ?page=%ff}: Tomcat
 * throws on every parameter read, so whichever filter read first failed with a 500), and
 * a body over {@code jobs.requests.max-body-size} (a JSON body is read whole into
 * memory). The refusal goes through the error page, as problem+json or an HTML page.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestLimits extends OncePerRequestFilter {

	private final long maxBodyBytes;

	RequestLimits(RequestLimitsProperties properties) {
		this.maxBodyBytes = properties.maxBodySize().toBytes();
	}

	/** Whether reading a body failed because it was too large. */
	static boolean tooLarge(Throwable failure) {
		return NestedExceptionUtils.getMostSpecificCause(failure) instanceof BodyTooLargeException;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long length = request.getContentLengthLong();
		if (length > maxBodyBytes) {
			response.sendError(HttpStatus.CONTENT_TOO_LARGE.value(), tooLargeMessage());
			return;
		}
		try {
			request.getParameterMap();
		}
		catch (IllegalStateException ex) {
			boolean overLimits = ex instanceof InvalidParameterException invalid
					&& invalid.getErrorCode() == HttpStatus.CONTENT_TOO_LARGE.value();
			response.sendError(overLimits ? HttpStatus.CONTENT_TOO_LARGE.value() : HttpStatus.BAD_REQUEST.value(),
					overLimits ? "Too many or too large parameters"
							: "The query string or form cannot be decoded (invalid percent-encoding or not UTF-8)");
			return;
		}
		chain.doFilter(length < 0 ? new CappedBody(request, maxBodyBytes) : request, response);
	}

	private String tooLargeMessage() {
		return "The body is larger than " + maxBodyBytes + " bytes";
	}

	/** A body of unknown length (chunked) that fails once it passes the limit. */
	private final class CappedBody extends HttpServletRequestWrapper {

		private final long limit;

		private ServletInputStream capped;

		CappedBody(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (capped == null) {
				capped = new CappedStream(super.getInputStream(), limit);
			}
			return capped;
		}

	}

	private final class CappedStream extends ServletInputStream {

		private final ServletInputStream body;

		private long left;

		CappedStream(ServletInputStream body, long limit) {
			this.body = body;
			this.left = limit;
		}

		@Override
		public int read() throws IOException {
			int read = body.read();
			if (read >= 0) {
				count(1);
			}
			return read;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int read = body.read(buffer, offset, length);
			if (read > 0) {
				count(read);
			}
			return read;
		}

		private void count(int read) throws BodyTooLargeException {
			left -= read;
			if (left < 0) {
				throw new BodyTooLargeException(tooLargeMessage());
			}
		}

		@Override
		public boolean isFinished() {
			return body.isFinished();
		}

		@Override
		public boolean isReady() {
			return body.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			body.setReadListener(listener);
		}

	}

	/** Reading the body passed the limit. */
	static final class BodyTooLargeException extends IOException {

		BodyTooLargeException(String message) {
			super(message);
		}

	}

}
