package io.jobsuite.api;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import io.jobsuite.testsupport.JobSuiteEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two API instances (this test's context and a second one in the same JVM, both with the
 * shipped application.yml, on one database) enforce one Sync Now limit per client: the
 * shipped 10 a minute between them, not 10 each.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SyncNowAcrossInstancesIntegrationTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	static ConfigurableApplicationContext second;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
	}

	@BeforeAll
	static void startSecondInstance() {
		List<String> args = new ArrayList<>(List.of("--server.port=0"));
		env.register((name, value) -> args.add("--" + name + "=" + value.get()));
		second = new SpringApplicationBuilder(ApiApplication.class).run(args.toArray(String[]::new));
	}

	@AfterAll
	static void stop() {
		second.close();
	}

	@Test
	void twoInstancesShareOneLimitPerClient() throws Exception {
		long client = env.insertDueClients(1, "alice", null).get(0);
		long other = env.insertDueClients(1, "alice", null).get(0);
		List<ApiCalls> instances = List.of(new ApiCalls(port),
				new ApiCalls(Integer.parseInt(second.getEnvironment().getProperty("local.server.port"))));
		String path = "/api/clients/" + client + "/sync";

		long start = System.nanoTime();
		int accepted = 0;
		List<HttpResponse<String>> refused = new ArrayList<>();
		for (int i = 0; i < 24; i++) {
			HttpResponse<String> response = instances.get(i % 2).post("alice", path, null);
			assertThat(response.statusCode()).as("request %d", i).isIn(202, 429);
			if (response.statusCode() == 202) {
				accepted++;
			}
			else {
				refused.add(response);
			}
		}
		// One token comes back every 6 s: a slow machine may earn a few during the loop.
		long refilled = (System.nanoTime() - start) / 6_000_000_000L;

		assertThat(accepted).as("Sync Nows accepted by the two instances together (12 asked of each)")
			.isBetween(10, 10 + (int) refilled);
		assertThat(refused).as("429s").isNotEmpty().allSatisfy(response -> {
			assertThat(response.headers().firstValue("Retry-After").map(Integer::parseInt))
				.hasValueSatisfying(seconds -> assertThat(seconds).isBetween(1, 60));
			assertThat(response.headers().firstValue("Content-Type"))
				.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		});
		assertThat(instances.get(1).post("alice", "/api/clients/" + other + "/sync", null).statusCode())
			.as("the limit is per client")
			.isEqualTo(202);
	}

}
