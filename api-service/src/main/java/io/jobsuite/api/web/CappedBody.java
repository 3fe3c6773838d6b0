package io.jobsuite.api.web;

import java.io.IOException;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.springframework.core.NestedExceptionUtils;

/**
 * A request body of unknown length (chunked) that fails once it passes a limit, as one
 * with a Content-Length over it is refused before it is read.
 */
final class CappedBody extends HttpServletRequestWrapper {

	private final long limit;

	private ServletInputStream capped;

	CappedBody(HttpServletRequest request, long limit) {
		super(request);
		this.limit = limit;
	}

	/** Whether reading a body failed because it was too large. */
	static boolean tooLarge(Throwable failure) {
		return NestedExceptionUtils.getMostSpecificCause(failure) instanceof TooLargeException;
	}

	static String tooLargeMessage(long limit) {
		return "The body is larger than " + limit + " bytes";
	}

	@Override
	public ServletInputStream getInputStream() throws IOException {
		if (capped == null) {
			capped = new CappedStream(super.getInputStream(), limit);
		}
		return capped;
	}

	private static final class CappedStream extends ServletInputStream {

		private final ServletInputStream body;

		private final long limit;

		private long left;

		CappedStream(ServletInputStream body, long limit) {
			this.body = body;
			this.limit = limit;
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

		private void count(int read) throws TooLargeException {
			left -= read;
			if (left < 0) {
				throw new TooLargeException(tooLargeMessage(limit));
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
	static final class TooLargeException extends IOException {

		TooLargeException(String message) {
			super(message);
		}

	}

}
