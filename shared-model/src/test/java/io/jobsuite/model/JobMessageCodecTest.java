package io.jobsuite.model;

import java.util.Collections;
import java.util.List;
import java.util.UUID;

import io.jobsuite.model.JobMessageCodec.Decoded;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobMessageCodecTest {

	final JobMessageCodec codec = new JobMessageCodec(JsonMapper.builder().build());

	@Test
	void writtenEnvelopeReadsBackTheSame() {
		JobMessage message = JobMessage.of(UUID.randomUUID(), "noop", "trace-1");

		assertThat(codec.read(codec.write(message))).isEqualTo(new Decoded.Valid(message));
	}

	@Test
	void bundleReadsBackAsItsJobsInOrder() {
		List<JobMessage> jobs = List.of(JobMessage.of(UUID.randomUUID(), "noop", "trace-1"),
				JobMessage.of(UUID.randomUUID(), "client-sync", null));

		Decoded decoded = codec.read(codec.write(jobs));

		assertThat(decoded).isEqualTo(new Decoded.Valid(jobs));
		assertThat(((Decoded.Valid) decoded).bundle()).isTrue();
		assertThat(codec.write(jobs.subList(0, 1))).as("one job is written as a plain envelope")
			.isEqualTo(codec.write(jobs.get(0)));
	}

	@Test
	void fullBundleOfTheLongestTypeNamesAndTraceIdsFitsTheBodyLimit() {
		List<JobMessage> jobs = Collections.nCopies(JobMessageCodec.MAX_JOBS_PER_MESSAGE,
				JobMessage.of(UUID.randomUUID(), "t".repeat(100), "x".repeat(64)));

		assertThat(codec.write(jobs)).hasSizeLessThanOrEqualTo(JobMessageCodec.MAX_BODY_CHARS);
	}

	@Test
	void badEntryOfABundleIsRejectedAloneAndTheOthersStay() {
		UUID id = UUID.randomUUID();
		String good = "{\"v\":1,\"id\":\"" + id + "\",\"type\":\"noop\"}";
		String bad = "{\"v\":1,\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"from-a-newer-release\"}";

		Decoded decoded = codec.read("{\"v\":1,\"jobs\":[" + good + "," + bad + "]}");

		assertThat(decoded).isEqualTo(new Decoded.Valid(List.of(new JobMessage(1, id, "noop", null)),
				List.of(new Decoded.Rejected(bad, "bundle entry 1: unknown job type 'from-a-newer-release'"))));
		assertThat(((Decoded.Valid) decoded).bundle()).isTrue();
	}

	@Test
	void bundleWithoutAGoodEntryIsMalformedAsAWhole() {
		String id = UUID.randomUUID().toString();
		String good = "{\"v\":1,\"id\":\"" + id + "\",\"type\":\"noop\"}";
		assertThat(reasonOf("{\"v\":1,\"jobs\":[{\"v\":1,\"type\":\"noop\"},7]}"))
			.isEqualTo("bundle entry 0: missing or invalid job id");
		assertThat(reasonOf("{\"v\":1,\"jobs\":[]}")).isEqualTo("a bundle needs 1 to 10 jobs");
		assertThat(reasonOf("{\"v\":1,\"jobs\":[" + String.join(",", Collections.nCopies(11, good)) + "]}"))
			.isEqualTo("a bundle needs 1 to 10 jobs");
		assertThat(reasonOf("{\"v\":2,\"jobs\":[" + good + "]}")).isEqualTo("unsupported schema version 2");
		assertThatThrownBy(() -> codec.write(List.of())).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void bodiesThatCanNeverBeProcessedComeBackWithTheirReason() {
		String id = UUID.randomUUID().toString();
		assertThat(reasonOf("{not json")).startsWith("not JSON");
		assertThat(reasonOf("[1,2]")).isEqualTo("not a JSON object");
		assertThat(reasonOf("{\"v\":2,\"id\":\"" + id + "\",\"type\":\"noop\"}"))
			.isEqualTo("unsupported schema version 2");
		assertThat(reasonOf("{\"v\":1,\"type\":\"noop\"}")).isEqualTo("missing or invalid job id");
		assertThat(reasonOf("{\"v\":1,\"id\":\"" + id + "\",\"type\":\"nope\"}")).isEqualTo("unknown job type 'nope'");
		assertThat(reasonOf(" ")).isEqualTo("empty body");
		assertThat(reasonOf("x".repeat(JobMessageCodec.MAX_BODY_CHARS + 1))).contains("exceeds");
	}

	private String reasonOf(String body) {
		return ((Decoded.Malformed) codec.read(body)).reason();
	}

}
