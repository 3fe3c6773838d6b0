package io.jobsuite.api.web;

import java.io.IOException;
import java.io.UncheckedIOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Actuator's refusals go through the error page like every other: Actuator answers an
 * unknown metric or a bad selector with a bare status and no body. Only 4xx: a 503 from
 * health keeps its body, which says what is down.
 */
@Component
class ActuatorRefusals extends OncePerRequestFilter {

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().startsWith("/actuator/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(request, new HttpServletResponseWrapper(response) {
			@Override
			public void setStatus(int status) {
				if (status >= 400 && status < 500) {
					try {
						sendError(status);
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
				}
				else {
					super.setStatus(status);
				}
			}
		});
	}

}
