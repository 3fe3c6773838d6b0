package io.jobsuite.api;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import io.jobsuite.testsupport.JobSuiteEnvironment;
import io.jobsuite.testsupport.QueryPlans;
import io.jobsuite.testsupport.QueryPlans.Plan;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin's limits page shows each limit's current value, permits in flight, recent
 * throttles and Retry-After; its statement and Sync Now's shared bucket statements read a
 * bounded part of their tables (EXPLAIN, with a thousand limits and buckets in them).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FlowControlPlansIntegrationTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	static final QueryPlans plans = new QueryPlans();

	static final List<String> TABLES = List.of("concurrency_limits", "concurrency_permits", "sync_now_buckets");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class RecordStatements {

		@Bean
		static BeanPostProcessor recordingDataSource() {
			return plans.recordingDataSource();
		}

	}

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Test
	void theLimitsPageShowsEachLimitAndFlowControlQueriesAreBounded() throws Exception {
		List<Object[]> limits = new ArrayList<>();
		List<Object[]> permits = new ArrayList<>();
		List<Object[]> buckets = new ArrayList<>();
		for (int i = 0; i < 1_000; i++) {
			limits.add(new Object[] { "upstream:host-" + i + ".example" });
			buckets.add(new Object[] { 1_000_000 + i });
			for (int slot = 0; slot < 5; slot++) {
				permits.add(new Object[] { "upstream:host-" + i + ".example", slot });
			}
		}
		env.jdbc()
			.batchUpdate("INSERT INTO concurrency_limits (limit_key, current_limit, max_limit) VALUES (?, 5, 5)",
					limits);
		env.jdbc().batchUpdate("INSERT INTO concurrency_permits (limit_key, slot) VALUES (?, ?)", permits);
		env.jdbc()
			.batchUpdate(
					"INSERT INTO sync_now_buckets (client_id, tokens, refilled_at) VALUES (?, 3, UTC_TIMESTAMP(3))",
					buckets);
		env.jdbc()
			.update("""
					UPDATE concurrency_limits SET current_limit = 2.5, recent_throttles = 3, last_throttle = '429 Retry-After 30 s',
					    last_throttle_at = UTC_TIMESTAMP(3), paused_until = UTC_TIMESTAMP(3) + INTERVAL 30 SECOND
					WHERE limit_key = 'upstream:host-1.example'
					""");
		env.jdbc()
			.update("UPDATE concurrency_permits SET holder = 'j:1', lease_until = UTC_TIMESTAMP(3) + INTERVAL 1 MINUTE"
					+ " WHERE limit_key = 'upstream:host-1.example' AND slot < 2");
		env.jdbc().execute("ANALYZE TABLE concurrency_limits, concurrency_permits, sync_now_buckets");
		long client = env.insertDueClients(1, "alice", null).get(0);

		plans.recording(true);
		ApiCalls api = new ApiCalls(port);
		HttpResponse<String> page = api.get("ops", "/admin/limits");
		HttpResponse<String> next = api.get("ops", "/admin/limits?after=upstream:host-5");
		assertThat(api.post("alice", "/api/clients/" + client + "/sync", null).statusCode()).isEqualTo(202);
		assertThat(api.post("alice", "/api/clients/" + client + "/sync", null).statusCode()).isEqualTo(202);
		ReflectionTestUtils.invokeMethod(context.getBean("syncNowLimits"), "forgetFullBuckets");
		plans.recording(false);

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("upstream:host-1.example")
			.contains("<td>2</td>")
			.contains("429 Retry-After 30 s")
			.contains("Next page");
		assertThat(next.statusCode()).isEqualTo(200);
		assertThat(api.get("alice", "/admin/limits").statusCode()).as("ops only").isEqualTo(403);

		List<Plan> explained = plans.explain(env.dataSource(), TABLES.toArray(String[]::new));
		QueryPlans.print(explained, System.out::println);
		assertThat(explained).as("the page, a Sync Now's take and first bucket, and the sweep")
			.hasSizeGreaterThanOrEqualTo(3);
		assertThat(explained).allSatisfy(plan -> assertThat(plan.fullScans(TABLES)).as(plan.sql()).isEmpty());
	}

}
