package io.jobsuite.model.trace;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JobTracingTest {

	@Test
	void readsTheTraceIdOfAW3cTraceparent() {
		assertThat(JobTracing.traceIdOf("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
			.isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
	}

	@Test
	void hasNoTraceIdForAnythingElse() {
		assertThat(JobTracing.traceIdOf(null)).isNull();
		// What rows held before traces: the home-made id of the request.
		assertThat(JobTracing.traceIdOf("trace-0123456789abcdef")).isNull();
		assertThat(JobTracing.traceIdOf("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")).isNull();
	}

	@Test
	void withoutATracerSpansCarryNoContext() {
		assertThat(JobTracing.NOOP.traceParentOf(JobTracing.NOOP.startChild("job dispatch"))).isNull();
	}

}
