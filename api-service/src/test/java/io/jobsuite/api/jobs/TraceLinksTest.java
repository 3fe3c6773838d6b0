package io.jobsuite.api.jobs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TraceLinksTest {

	static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	@Test
	void fillsTheTraceIdIntoTheTemplate() {
		assertThat(new TraceLinks(new TraceLinks.Properties("http://localhost:16686/trace/{traceId}")).url(TRACE))
			.isEqualTo("http://localhost:16686/trace/" + TRACE);
	}

	@Test
	void writesTheXRayFormOfTheIdForTheXRayConsole() {
		assertThat(new TraceLinks(new TraceLinks.Properties("https://console/#xray:traces/{xrayTraceId}")).url(TRACE))
			.isEqualTo("https://console/#xray:traces/1-4bf92f35-77b34da6a3ce929d0e0e4736");
	}

	@Test
	void linksNothingWithoutATraceOrATemplate() {
		assertThat(new TraceLinks(new TraceLinks.Properties("http://x/{traceId}")).url(null)).isNull();
		assertThat(new TraceLinks(new TraceLinks.Properties("")).url(TRACE)).isNull();
	}

}
