package io.jobsuite.api.jobs;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Where a job's trace is shown: a job page links its trace id there
 * ({@code @traceLinks.url(...)} in the template).
 */
@Component("traceLinks")
public class TraceLinks {

	private final String template;

	TraceLinks(Properties properties) {
		this.template = properties.urlTemplate();
	}

	/** The trace's page, or null without a trace id or a template. */
	public String url(String traceId) {
		if (traceId == null || template == null || template.isBlank()) {
			return null;
		}
		return template.replace("{traceId}", traceId)
			.replace("{xrayTraceId}", "1-" + traceId.substring(0, 8) + "-" + traceId.substring(8));
	}

	/**
	 * The trace UI.
	 *
	 * @param urlTemplate a trace's URL, with {@code {traceId}} (32 hex digits) or
	 * {@code {xrayTraceId}} (X-Ray's {@code 1-xxxxxxxx-…} form) in it; blank for none
	 */
	@ConfigurationProperties("jobs.traces")
	record Properties(String urlTemplate) {
	}

}
