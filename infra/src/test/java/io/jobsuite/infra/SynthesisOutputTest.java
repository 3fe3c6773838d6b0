package io.jobsuite.infra;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SynthesisOutputTest {

	@Test
	void synthesizedTemplateIsWrittenToCdkOut() throws Exception {
		Synthesized.dev();
		Path template = Path.of(Synthesized.CDK_OUT, "dev-jobsuite.template.json");
		assertThat(template).exists();
		assertThat(Files.readString(template)).contains("\"QueueName\": \"dev-jobs-express\"")
			.contains("\"ScheduleExpression\": \"rate(15 minutes)\"");
	}

}
