package io.jobsuite.api.web;

import java.io.IOException;
import java.util.UUID;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.MDC;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request a trace id (the caller's {@code X-Trace-Id} when it is sane) on its
 * log lines and in its response; jobs it creates carry the id to the worker's log lines.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class TraceIds extends OncePerRequestFilter {

	public static final String HEADER = "X-Trace-Id";

	static final String MDC_KEY = "traceId";

	/** The current request's trace id, or a fresh one outside a request. */
	public static String current() {
		String traceId = MDC.get(MDC_KEY);
		return traceId != null ? traceId : newTraceId();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String given = request.getHeader(HEADER);
		String traceId = given != null && given.matches("[A-Za-z0-9-]{8,64}") ? given : newTraceId();
		MDC.put(MDC_KEY, traceId);
		response.setHeader(HEADER, traceId);
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove(MDC_KEY);
		}
	}

	private static String newTraceId() {
		return UUID.randomUUID().toString().replace("-", "");
	}

}
