package io.jobsuite.scheduler;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.jobsuite.testsupport.JobSuiteEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheduler's Actuator, served as in AWS (on the health port): a request that does
 * not decode is the caller's mistake, a 400 and no ERROR line.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.main.web-application-type=servlet")
@ExtendWith(OutputCaptureExtension.class)
class SchedulerActuatorTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	static final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
	}

	@Test
	void aQueryThatDoesNotDecodeIsRefusedWith400AndNoErrorLine(CapturedOutput output) throws Exception {
		assertThat(get("/actuator/health?x=%ff").statusCode()).isEqualTo(400);
		assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		assertThat(output.getAll()).doesNotContain("\"level\":\"ERROR\"").contains("Refused GET /actuator/health");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
