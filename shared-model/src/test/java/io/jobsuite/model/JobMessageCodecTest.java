package io.jobsuite.model;

import java.util.UUID;

import io.jobsuite.model.JobMessageCodec.Decoded;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class JobMessageCodecTest {

	final JobMessageCodec codec = new JobMessageCodec(JsonMapper.builder().build());

	@Test
	void writtenEnvelopeReadsBackTheSame() {
		JobMessage message = JobMessage.of(UUID.randomUUID(), "noop", "trace-1");

		assertThat(codec.read(codec.write(message))).isEqualTo(new Decoded.Valid(message));
	}

	@Test
	void bodiesThatCanNeverBeProcessedComeBackWithTheirReason() {
		String id = UUID.randomUUID().toString();
		assertThat(reasonOf("{not json")).startsWith("not JSON");
		assertThat(reasonOf("[1,2]")).isEqualTo("not a JSON object");
		assertThat(reasonOf("{\"v\":2,\"id\":\"" + id + "\",\"type\":\"noop\"}")).isEqualTo("unsupported schema version 2");
		assertThat(reasonOf("{\"v\":1,\"type\":\"noop\"}")).isEqualTo("missing or invalid job id");
		assertThat(reasonOf("{\"v\":1,\"id\":\"" + id + "\",\"type\":\"nope\"}")).isEqualTo("unknown job type 'nope'");
		assertThat(reasonOf(" ")).isEqualTo("empty body");
		assertThat(reasonOf("x".repeat(JobMessageCodec.MAX_BODY_CHARS + 1))).contains("exceeds");
	}

	private String reasonOf(String body) {
		return ((Decoded.Malformed) codec.read(body)).reason();
	}

}
