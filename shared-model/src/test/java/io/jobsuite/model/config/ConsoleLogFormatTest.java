package io.jobsuite.model.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The log format every service gets from jobsuite-defaults.yml: JSON (ECS) lines as
 * shipped, readable lines with the service's name in the local run's profile.
 */
class ConsoleLogFormatTest {

	@TempDir
	Path logDirectory;

	@Test
	void theShippedDefaultWritesJsonLines() {
		JsonNode line = JsonMapper.builder().build().readTree(lineFrom("CONSOLE"));

		assertThat(line.get("message").asString()).isEqualTo("Sync Now by alice");
		assertThat(line.at("/service/name").asString()).isEqualTo("api");
		assertThat(line.has("ecs")).isTrue();
	}

	@Test
	void theLocalProfileWritesShortReadableLinesWithTheServiceName() {
		String line = lineFrom("CONSOLE", "local");
		MDC.put("jobId", "01a2519d-7e0d");
		String jobLine;
		try {
			jobLine = lineFrom("CONSOLE", "local");
		}
		finally {
			MDC.remove("jobId");
		}

		assertThat(jobLine).endsWith("Sync Now by alice job=01a2519d-7e0d" + System.lineSeparator());

		assertThat(line).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} api {8}INFO i\\.jobsuite\\.ConsoleLogFormatTest +"
				+ "Sync Now by alice\\R");
	}

	@Test
	void inAwsTheLogFileStaysJson() {
		String line = lineFrom("FILE", "aws");

		assertThat(JsonMapper.builder().build().readTree(line).get("message").asString())
			.isEqualTo("Sync Now by alice");
	}

	/**
	 * Starts an empty application as a service would (its name, the defaults imported),
	 * and encodes one event with the appender's encoder.
	 */
	@SuppressWarnings("unchecked")
	private String lineFrom(String appender, String... profiles) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Empty.class)
			.web(WebApplicationType.NONE)
			.profiles(profiles)
			.run("--spring.config.import=classpath:jobsuite-defaults.yml", "--spring.application.name=api",
					"--spring.output.ansi.enabled=never", "--JOBS_LOG_DIR=" + logDirectory)) {
			LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
			Logger root = logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
			OutputStreamAppender<ILoggingEvent> output = (OutputStreamAppender<ILoggingEvent>) root
				.getAppender(appender);
			LoggingEvent event = new LoggingEvent(Logger.class.getName(),
					logging.getLogger("io.jobsuite.ConsoleLogFormatTest"), Level.INFO, "Sync Now by {}", null,
					new Object[] { "alice" });
			return new String(output.getEncoder().encode(event), StandardCharsets.UTF_8);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

}
