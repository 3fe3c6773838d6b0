package io.jobsuite.scheduler.recurring;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.jobsuite.model.JobType;
import io.jobsuite.model.QueueKind;
import io.jobsuite.model.Utc;
import io.jobsuite.model.recurring.Missed;
import io.jobsuite.model.recurring.RecurringJob;
import io.jobsuite.model.recurring.RecurringJobs;
import io.jobsuite.model.recurring.RecurringRows;
import io.jobsuite.scheduler.SchedulerApplication;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import io.jobsuite.testsupport.QueryPlans;
import io.jobsuite.testsupport.QueryPlans.Plan;
import io.micrometer.core.instrument.MeterRegistry;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three scheduler instances (each a whole application context on the shipped
 * configuration) at once on one MariaDB and ElasticMQ, with recurring jobs of their own:
 * every occurrence is created exactly once, missed ones follow their policy, and a paused
 * job gets nothing from any of them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecurringSchedulersIntegrationTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	static final QueryPlans plans = new QueryPlans();

	static final RecurringJob EVERY_SECOND = recurring("test-every-second", "* * * * * *", Missed.catchUp(100));

	static final RecurringJob DAILY_SKIP = recurring("test-daily-skip", "0 0 0 * * *", Missed.skip());

	static final RecurringJob DAILY_CATCH_UP = recurring("test-daily-catch-up", "0 0 0 * * *", Missed.catchUp(3));

	static final RecurringJob PAUSED = recurring("test-paused", "* * * * * *", Missed.catchUp(100));

	static final RecurringJobs CATALOG = new RecurringJobs(List.of(EVERY_SECOND, DAILY_SKIP, DAILY_CATCH_UP, PAUSED));

	static final List<ConfigurableApplicationContext> schedulers = new ArrayList<>();

	static RecurringRows rows;

	@TestConfiguration(proxyBeanMethods = false)
	static class TestCatalog {

		@Bean
		@Primary
		RecurringJobs testRecurringJobs() {
			return CATALOG;
		}

		@Bean
		static BeanPostProcessor recordingDataSource() {
			return plans.recordingDataSource();
		}

	}

	/**
	 * Every job starts paused, the scheduler down for a while: the schedulers all start
	 * before any has work, and then race for it.
	 */
	@BeforeAll
	static void threeSchedulers() {
		Flyway.configure().dataSource(env.dataSource()).load().migrate();
		env.jdbc().update("""
				INSERT INTO recurring_jobs (name, last_occurrence, paused) VALUES
				('test-every-second', UTC_TIMESTAMP(3) - INTERVAL 30 SECOND, TRUE),
				('test-daily-skip', UTC_TIMESTAMP(3) - INTERVAL 10 DAY, TRUE),
				('test-daily-catch-up', UTC_TIMESTAMP(3) - INTERVAL 10 DAY, TRUE),
				('test-paused', UTC_TIMESTAMP(3) - INTERVAL 1 MINUTE, TRUE)
				""");
		// Other rows, so that the plans below are those of a table, not of four rows.
		env.jdbc()
			.update("INSERT INTO recurring_jobs (name, last_occurrence) SELECT CONCAT('filler-', seq), UTC_TIMESTAMP(3)"
					+ " FROM seq_1_to_2000");
		env.jdbc().execute("ANALYZE TABLE recurring_jobs");
		plans.recording(true);
		List<CompletableFuture<ConfigurableApplicationContext>> starting = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			starting.add(CompletableFuture.supplyAsync(RecurringSchedulersIntegrationTest::scheduler));
		}
		starting.forEach(context -> schedulers.add(context.join()));
		rows = new RecurringRows(new NamedParameterJdbcTemplate(env.dataSource()));
		env.jdbc()
			.update("UPDATE recurring_jobs SET paused = FALSE WHERE name IN"
					+ " ('test-every-second', 'test-daily-skip', 'test-daily-catch-up')");
	}

	@AfterAll
	static void stop() {
		schedulers.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	@Order(1)
	void threeSchedulersCreateEachOccurrenceExactlyOnceOverFiftyOccurrences() {
		Instant cursor = env.jdbc()
			.queryForObject("SELECT last_occurrence FROM recurring_jobs WHERE name = 'test-every-second'",
					(rs, n) -> Utc.instant(rs, "last_occurrence"));
		await().atMost(Duration.ofSeconds(90)).until(() -> occurrences(EVERY_SECOND).size() >= 55);
		assertThat(rows.pause(EVERY_SECOND.name())).isTrue();
		int atPause = occurrences(EVERY_SECOND).size();

		List<Instant> created = occurrences(EVERY_SECOND);
		assertThat(created).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(55);
		// Thirty missed while "down" (caught up by the three at once), then one a second:
		// no gap, no repeat.
		Instant first = created.get(0);
		for (int i = 0; i < created.size(); i++) {
			assertThat(created.get(i)).isEqualTo(first.plusSeconds(i));
		}
		assertThat(first).isAfter(cursor).isBefore(cursor.plusSeconds(2));
		List<Double> byInstance = schedulers.stream().map(context -> enqueued(context, EVERY_SECOND)).toList();
		System.out.println("Occurrences each scheduler created: " + byInstance);
		// Each second goes to whichever instance ticks first: they took turns (18, 19 and
		// 20
		// of 57 in one run), which a single instance doing all the work would not show.
		assertThat(byInstance).as("occurrences each instance created").filteredOn(n -> n > 0).hasSizeGreaterThan(1);
		assertThat(byInstance.stream().mapToDouble(Double::doubleValue).sum()).as("jobs each instance counted, summed")
			.isEqualTo(created.size());
		// Paused: no instance creates another.
		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(5))
			.until(() -> occurrences(EVERY_SECOND).size() == atPause);
	}

	@Test
	@Order(2)
	void missedOccurrencesFollowEachJobsPolicyOnceAcrossTheSchedulers() {
		LocalDate today = LocalDate.parse(env.jdbc().queryForObject("SELECT CAST(UTC_DATE() AS CHAR)", String.class));
		Instant midnight = today.atStartOfDay(ZoneOffset.UTC).toInstant();

		await().atMost(Duration.ofSeconds(10)).until(() -> occurrences(DAILY_CATCH_UP).size() == 3);

		assertThat(occurrences(DAILY_SKIP)).as("ten nights missed, the last run once").containsExactly(midnight);
		assertThat(occurrences(DAILY_CATCH_UP)).as("ten nights missed, the last three each once")
			.containsExactly(midnight.minus(Duration.ofDays(2)), midnight.minus(Duration.ofDays(1)), midnight);
		assertThat(skippedBySchedulers(DAILY_SKIP)).isEqualTo(9);
		assertThat(skippedBySchedulers(DAILY_CATCH_UP)).isEqualTo(7);
	}

	@Test
	@Order(3)
	void aPausedJobGetsNoOccurrenceFromAnySchedulerAndResumesWithoutMakingUpThePause() {
		await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> occurrences(PAUSED).isEmpty());

		assertThat(rows.resume(PAUSED.name())).isTrue();
		Instant resumedAt = rows.states(CATALOG)
			.states()
			.stream()
			.filter(state -> state.name().equals(PAUSED.name()))
			.findFirst()
			.orElseThrow()
			.lastOccurrence();

		await().atMost(Duration.ofSeconds(10)).until(() -> occurrences(PAUSED).size() >= 2);
		assertThat(occurrences(PAUSED)).allSatisfy(occurrence -> assertThat(occurrence).isAfter(resumedAt))
			.doesNotHaveDuplicates();
		assertThat(rows.resume(PAUSED.name())).as("resuming a running job changes nothing").isFalse();
	}

	/**
	 * The schedulers' statements on recurring_jobs and jobs read rows by key (with 2,000
	 * rows in recurring_jobs), none a whole table.
	 */
	@Test
	@Order(4)
	void theSchedulersStatementsReadByKey() throws Exception {
		plans.recording(false);
		List<String> tables = List.of("recurring_jobs", "jobs");

		List<Plan> explained = plans.explain(env.dataSource(), tables.toArray(String[]::new));

		QueryPlans.print(explained, System.out::println);
		assertThat(explained).as("the tick's read and the cursor's conditional UPDATE")
			.anyMatch(plan -> plan.sql().contains("FROM recurring_jobs r LEFT JOIN jobs j"))
			.anyMatch(plan -> plan.sql().contains("AND last_occurrence < ?"));
		assertThat(explained).allSatisfy(plan -> assertThat(plan.fullScans(tables)).as(plan.sql()).isEmpty());
	}

	private static List<Instant> occurrences(RecurringJob job) {
		return env.jdbc()
			.queryForList("SELECT JSON_VALUE(payload, '$.occurrence') FROM jobs WHERE type = ?", String.class,
					job.name())
			.stream()
			.map(Instant::parse)
			.sorted()
			.toList();
	}

	private static double enqueued(ConfigurableApplicationContext scheduler, RecurringJob job) {
		return scheduler.getBean(MeterRegistry.class)
			.counter("jobs.enqueued", "queue", "standard", "type", job.name())
			.count();
	}

	private static double skippedBySchedulers(RecurringJob job) {
		return schedulers.stream()
			.mapToDouble(context -> context.getBean(MeterRegistry.class)
				.counter("jobs.recurring.skipped", "type", job.name())
				.count())
			.sum();
	}

	private static ConfigurableApplicationContext scheduler() {
		List<String> arguments = new ArrayList<>();
		env.register((name, value) -> arguments.add("--" + name + "=" + value.get()));
		// The client scan is not under test here.
		arguments.add("--jobs.scan.cron=-");
		return new SpringApplicationBuilder(SchedulerApplication.class, TestCatalog.class)
			.run(arguments.toArray(String[]::new));
	}

	private static RecurringJob recurring(String name, String cron, Missed missed) {
		return new RecurringJob(new JobType(name, QueueKind.STANDARD, 1, Duration.ofSeconds(1)), cron, ZoneOffset.UTC,
				missed);
	}

}
