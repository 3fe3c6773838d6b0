package io.jobsuite.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.jobsuite.api.counts.AttemptCounts;
import io.jobsuite.model.JobTypes;
import io.jobsuite.model.NewJob;
import io.jobsuite.model.retention.Retention;
import io.jobsuite.model.retention.RetentionSchedule;
import io.jobsuite.testsupport.JobHistory;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin's overview and job search over a history: the overview's figures are right
 * (active jobs from the jobs, finished work from the rolled-up attempt counts, the
 * history not in them), the active counts stop at their limit and say so, and a search by
 * error text reads only the newest jobs of its window and says so, on the page and in the
 * JSON API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AdminOverviewIntegrationTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
		registry.add("jobs.attempt-counts.interval", () -> "1h");
		registry.add("jobs.outbox.interval", () -> "1h");
	}

	@LocalServerPort
	int port;

	@Autowired
	AttemptCounts counts;

	@Autowired
	ApplicationContext context;

	final JdbcTemplate jdbc = env.jdbc();

	@BeforeEach
	void emptyTables() {
		jdbc.update("DELETE FROM job_attempts");
		jdbc.update("DELETE FROM jobs");
		jdbc.update("DELETE FROM attempt_counts");
	}

	@Test
	void overviewShowsActiveJobsAndRecentAttemptsNotTheHistory() throws Exception {
		jdbc.update("UPDATE attempt_counts_mark SET counted_to = UTC_TIMESTAMP(3) - INTERVAL 90 MINUTE");
		JobHistory history = JobHistory.of(jdbc);
		// Before counting began: in no figure.
		history.finished("SUCCEEDED", 30_000, Duration.ofDays(6), Duration.ofHours(2));
		// In the last day, not the last hour.
		history.finished("SUCCEEDED", 100, Duration.ofMinutes(80), Duration.ofMinutes(70));
		// In the last hour.
		history.finished("SUCCEEDED", 600, Duration.ofMinutes(50), Duration.ofMinutes(1));
		history.finished("FAILED", 40, Duration.ofMinutes(50), Duration.ofMinutes(1));
		for (int i = 0; i < 5; i++) {
			env.dispatcher().dispatch(NewJob.of(JobTypes.NOOP, "{}"));
		}
		// Four old jobs made active again, on another queue and type.
		jdbc.update("""
				UPDATE jobs SET status = 'RETRYING', queue = 'EXPRESS', type = 'client-sync', finished_at = NULL
				WHERE status = 'SUCCEEDED' ORDER BY created_at LIMIT 4
				""");
		counts.countFinished();

		String page = new ApiCalls(port).get("ops", "/admin").body();

		assertThat(field(page, "active-QUEUED")).isEqualTo("5");
		assertThat(field(page, "active-RUNNING")).isEqualTo("0");
		assertThat(field(page, "active-RETRYING")).isEqualTo("4");
		assertThat(field(page, "last-hour-SUCCEEDED")).isEqualTo("600");
		assertThat(field(page, "last-hour-FAILED")).isEqualTo("40");
		assertThat(field(page, "last-hour-total")).isEqualTo("640");
		assertThat(field(page, "by-queue-STANDARD-active-QUEUED")).isEqualTo("5");
		assertThat(field(page, "by-queue-EXPRESS-active-RETRYING")).isEqualTo("4");
		assertThat(field(page, "by-queue-STANDARD-attempts-SUCCEEDED")).isEqualTo("700");
		assertThat(field(page, "by-type-noop-attempts-FAILED")).isEqualTo("40");
		assertThat(field(page, "by-type-client-sync-active-RETRYING")).isEqualTo("4");
		assertThat(page).contains("at most", "10,000");
	}

	@Test
	void activeCountsStopAtTheirLimitAndSaySo() throws Exception {
		JobHistory.of(jdbc).finished("SUCCEEDED", 10_050, Duration.ofDays(2), Duration.ofDays(1));
		jdbc.update("UPDATE jobs SET status = 'QUEUED', finished_at = NULL");

		String page = new ApiCalls(port).get("ops", "/admin").body();

		assertThat(field(page, "active-QUEUED")).isEqualTo("10,000+");
		assertThat(field(page, "by-queue-STANDARD-active-QUEUED")).isEqualTo("10000");
	}

	@Test
	void errorSearchReadsTheNewestJobsOfItsWindowAndSaysSo() throws Exception {
		// "history failure i", i = 0 (oldest) to 11,999: i < 2,000 are beyond the newest
		// 10,000.
		JobHistory.of(jdbc).finished("FAILED", 12_000, Duration.ofDays(10), Duration.ofDays(1));
		ApiCalls api = new ApiCalls(port);

		JsonNode old = ApiCalls.json(api.get("ops", "/api/admin/jobs?error=" + encode("history failure 1999")));
		JsonNode recent = ApiCalls.json(api.get("ops", "/api/admin/jobs?error=" + encode("history failure 11998")));
		String fiveDaysAgo = Instant.now().minus(Duration.ofDays(5)).truncatedTo(ChronoUnit.SECONDS).toString();
		JsonNode olderWindow = ApiCalls
			.json(api.get("ops", "/api/admin/jobs?to=" + fiveDaysAgo + "&error=" + encode("history failure 1999")));
		JsonNode unfiltered = ApiCalls.json(api.get("ops", "/api/admin/jobs?size=5"));
		// A backlog newer than every failure: the newest 10,000 jobs are all QUEUED, the
		// newest 10,000 FAILED ones are still the failures.
		JobHistory.of(jdbc).finished("SUCCEEDED", 10_000, Duration.ofMinutes(10), Duration.ZERO);
		jdbc.update("UPDATE jobs SET status = 'QUEUED', finished_at = NULL WHERE status = 'SUCCEEDED'");
		JsonNode behindBacklog = ApiCalls
			.json(api.get("ops", "/api/admin/jobs?error=" + encode("history failure 11998")));
		JsonNode failedBehindBacklog = ApiCalls
			.json(api.get("ops", "/api/admin/jobs?status=FAILED&error=" + encode("history failure 11998")));
		String page = api.get("ops", "/admin/jobs?error=" + encode("history failure 1999")).body();

		assertThat(old.get("content")).as("beyond the scope").isEmpty();
		assertThat(old.at("/errorScope/newestJobs").asInt()).isEqualTo(10_000);
		assertThat(Instant.parse(old.at("/errorScope/createdFrom").asString()))
			.isBetween(Instant.now().minus(Duration.ofDays(9)), Instant.now().minus(Duration.ofDays(8)));
		assertThat(old.at("/errorScope/note").asString()).contains("newest 10,000 jobs");
		assertThat(recent.get("content")).hasSize(1);
		assertThat(recent.at("/content/0/lastError").asString()).isEqualTo("history failure 11998");
		assertThat(olderWindow.get("content")).as("a window that holds fewer than 10,000 jobs").hasSize(1);
		assertThat(olderWindow.at("/errorScope/newestJobs").asInt()).isEqualTo(10_000);
		assertThat(olderWindow.at("/errorScope/createdFrom").isNull()).isTrue();
		assertThat(unfiltered.path("errorScope").isNull()).as("no error filter, no scope").isTrue();
		assertThat(unfiltered.get("content")).hasSize(5);
		assertThat(unfiltered.get("last").asBoolean()).isFalse();
		assertThat(behindBacklog.get("content")).as("the newest 10,000 jobs are the backlog").isEmpty();
		assertThat(failedBehindBacklog.get("content")).as("the newest 10,000 FAILED jobs").hasSize(1);
		assertThat(field(page, "error-scope"))
			.contains("newest 10,000 jobs of this status, client and time window only");
	}

	@Test
	void theApiRunsNoPurger() {
		assertThat(context.getBeanNamesForType(Retention.class)).isEmpty();
		assertThat(context.getBeanNamesForType(RetentionSchedule.class)).isEmpty();
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	/* The text of the element with this id (no nested elements). */
	private static String field(String page, String id) {
		Matcher m = Pattern.compile("id=\"" + Pattern.quote(id) + "\"[^>]*>([^<]*)<").matcher(page);
		assertThat(m.find()).as("element " + id).isTrue();
		return m.group(1).strip().replaceAll("\\s+", " ");
	}

}
