package io.jobsuite.api.web;

import java.io.IOException;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers every request with the id of its trace in {@code X-Trace-Id}: the id to look up
 * in the trace UI, the logs ({@code trace.id}) and on the job's page. A caller that
 * traces continues its own trace with a W3C {@code traceparent} header. Runs inside the
 * HTTP server observation, which starts the request's span.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class TraceIds extends OncePerRequestFilter {

	static final String HEADER = "X-Trace-Id";

	private final Tracer tracer;

	TraceIds(Tracer tracer) {
		this.tracer = tracer;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Span span = tracer.currentSpan();
		if (span != null) {
			response.setHeader(HEADER, span.context().traceId());
		}
		chain.doFilter(request, response);
	}

}
