package io.jobsuite.worker.limit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import io.jobsuite.testsupport.JobSuiteEnvironment;
import io.jobsuite.testsupport.QueryPlans;
import io.jobsuite.testsupport.QueryPlans.Plan;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The permits' statements on MariaDB: no more holders than the limit however many take at
 * once, a dead holder's permits free once their lease passed, a pause holds every permit
 * back, and each statement reads a bounded part of the tables (EXPLAIN, with a thousand
 * limits in them).
 */
class PermitStoreIntegrationTest {

	static final List<String> TABLES = List.of("concurrency_limits", "concurrency_permits");

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	static final QueryPlans plans = new QueryPlans();

	static PermitStore store;

	@BeforeAll
	static void migrate() {
		Flyway.configure().dataSource(env.dataSource()).load().migrate();
		store = new PermitStore(new NamedParameterJdbcTemplate(plans.wrap(env.dataSource())));
		for (int i = 0; i < 1_000; i++) {
			store.declare("upstream:host-" + i + ".example", 10, true);
		}
		env.jdbc().execute("ANALYZE TABLE concurrency_limits, concurrency_permits");
	}

	@Test
	void takersAtOnceNeverHoldMoreThanTheLimit() throws Exception {
		store.declare("type:at-once", 3, false);
		ExecutorService pool = Executors.newFixedThreadPool(8);
		List<Future<Boolean>> takes = new ArrayList<>();
		for (int i = 0; i < 24; i++) {
			String holder = "job-" + i + ":1";
			takes.add(pool.submit(() -> store.acquire("type:at-once", holder, Duration.ofMinutes(1))));
		}
		int granted = 0;
		for (Future<Boolean> take : takes) {
			granted += take.get() ? 1 : 0;
		}
		pool.shutdown();
		assertThat(granted).isEqualTo(3);

		store.release(IntStream.range(0, 24).mapToObj(i -> "job-" + i + ":1").toList());
	}

	@Test
	void aDeadHoldersPermitComesFreeOnceItsLeasePassedAndARenewedOneDoesNot() {
		store.declare("upstream:dead.example", 2, true);
		assertThat(store.acquire("upstream:dead.example", "dead:1", Duration.ofMillis(300))).isTrue();
		assertThat(store.acquire("upstream:dead.example", "alive:1", Duration.ofMillis(300))).isTrue();
		assertThat(store.acquire("upstream:dead.example", "waiting:1", Duration.ofMinutes(1))).isFalse();

		store.renew(List.of("alive:1"), Duration.ofMinutes(1));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> store.acquire("upstream:dead.example", "waiting:1", Duration.ofMinutes(1)));
		assertThat(store.acquire("upstream:dead.example", "another:1", Duration.ofMinutes(1)))
			.as("the renewed permit is still held")
			.isFalse();
	}

	@Test
	void aPausedLimitGrantsNothingUntilThePausePassesAndAWriteIsConditionalOnTheVersion() {
		store.declare("upstream:paused.example", 4, true);
		LimitState read = store.read("upstream:paused.example");
		LimitState paused = new LimitState(2, 4, read.now().plusSeconds(2), read.now(), 1, read.now(), "429",
				read.version(), read.now());
		assertThat(store.write("upstream:paused.example", paused)).isTrue();
		assertThat(store.write("upstream:paused.example", paused)).as("a stale version").isFalse();

		assertThat(store.pausedFor("upstream:paused.example")).isPositive();
		assertThat(store.acquire("upstream:paused.example", "p:1", Duration.ofMinutes(1))).isFalse();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> store.acquire("upstream:paused.example", "p:1", Duration.ofMinutes(1)));
		assertThat(store.acquire("upstream:paused.example", "p:2", Duration.ofMinutes(1))).isTrue();
		assertThat(store.acquire("upstream:paused.example", "p:3", Duration.ofMinutes(1)))
			.as("the limit is 2 now, of a max of 4")
			.isFalse();
		store.declare("upstream:paused.example", 3, true);
		assertThat(store.read("upstream:paused.example").limit()).as("an adaptive limit keeps what it learned")
			.isEqualTo(2);
		store.declare("type:fixed", 5, false);
		store.declare("type:fixed", 7, false);
		assertThat(store.read("type:fixed").limit()).as("a fixed limit follows its max").isEqualTo(7);
	}

	@Test
	void everyStatementReadsABoundedPartOfTheTables() throws Exception {
		plans.recording(true);
		store.declare("upstream:plans.example", 3, true);
		store.acquire("upstream:plans.example", "plans:1", Duration.ofMinutes(1));
		store.pausedFor("upstream:plans.example");
		store.renew(List.of("plans:1", "plans:2"), Duration.ofMinutes(1));
		LimitState state = store.read("upstream:plans.example");
		store.write("upstream:plans.example", state);
		store.release(List.of("plans:1"));
		store.acquire("upstream:plans.example", "plans:3", Duration.ofMinutes(1));
		store.release("upstream:plans.example", "plans:3");
		plans.recording(false);

		List<Plan> explained = plans.explain(env.dataSource(), TABLES.toArray(String[]::new));
		QueryPlans.print(explained, System.out::println);
		assertThat(explained).as("statements explained").hasSizeGreaterThanOrEqualTo(7);
		assertThat(explained).allSatisfy(plan -> assertThat(plan.fullScans(TABLES)).as(plan.sql()).isEmpty());
	}

}
