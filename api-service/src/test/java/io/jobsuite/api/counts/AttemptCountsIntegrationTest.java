package io.jobsuite.api.counts;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.jobsuite.testsupport.JobHistory;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The overview's attempt counts against the attempts themselves: per minute, queue, type
 * and outcome; with two instances counting at once; with attempts that commit late; and
 * trimmed after their keep. Counting is started by hand (the schedule waits an hour
 * here).
 */
@SpringBootTest
class AttemptCountsIntegrationTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
		registry.add("jobs.attempt-counts.interval", () -> "1h");
		registry.add("jobs.outbox.interval", () -> "1h");
	}

	@Autowired
	AttemptCounts counts;

	@Autowired
	AttemptCountsProperties properties;

	@Autowired
	NamedParameterJdbcTemplate named;

	@Autowired
	PlatformTransactionManager transactions;

	final JdbcTemplate jdbc = env.jdbc();

	@BeforeEach
	void emptyTables() {
		jdbc.update("DELETE FROM job_attempts");
		jdbc.update("DELETE FROM jobs");
		jdbc.update("DELETE FROM attempt_counts");
	}

	@Test
	void countsAreTheAttemptsPerMinuteQueueTypeAndOutcome() {
		LocalDateTime start = markAgo(Duration.ofMinutes(10));
		JobHistory history = JobHistory.of(jdbc);
		history.finished("SUCCEEDED", 3_000, Duration.ofMinutes(9), Duration.ofSeconds(40));
		history.finished("FAILED", 500, Duration.ofMinutes(9), Duration.ofSeconds(40));
		// Older than the mark: finished before counting started, never counted.
		history.finished("SUCCEEDED", 200, Duration.ofMinutes(20), Duration.ofMinutes(11));
		jdbc.update("UPDATE jobs SET queue = 'EXPRESS', type = 'client-sync' WHERE RIGHT(id, 1) IN ('0', '1', '2')");
		jdbc.update("UPDATE job_attempts SET outcome = 'RETRYING' WHERE SUBSTRING(job_id, 35, 1) IN ('a', 'b')");

		long counted = counts.countFinished();

		Map<String, Long> expected = attemptsPerMinute(start);
		assertThat(counted).isEqualTo(3_500);
		assertThat(expected.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(3_500);
		assertThat(countedPerMinute()).isEqualTo(expected);
		assertThat(expected.keySet()).anyMatch(key -> key.contains("EXPRESS client-sync RETRYING"))
			.anyMatch(key -> key.contains("STANDARD noop FAILED"));
		// Up to the database's clock less the settle time, not further.
		assertThat(jdbc.queryForObject(
				"SELECT TIMESTAMPDIFF(MICROSECOND, counted_to, UTC_TIMESTAMP(3)) / 1e6 FROM attempt_counts_mark",
				Double.class))
			.isBetween(10.0, 15.0);
		AttemptCounts.Recent recent = counts.recent();
		assertThat(recent.counts().stream().mapToLong(AttemptCounts.Count::lastHour).sum()).isEqualTo(3_500);
		assertThat(recent.counts().stream().mapToLong(AttemptCounts.Count::lastDay).sum()).isEqualTo(3_500);
		assertThat(counts.countFinished()).as("a second round right after").isZero();
	}

	@Test
	void twoInstancesCountingAtOnceCountEachAttemptOnce() throws Exception {
		LocalDateTime start = markAgo(Duration.ofMinutes(30));
		JobHistory.of(jdbc).finished("SUCCEEDED", 20_000, Duration.ofMinutes(29), Duration.ofSeconds(30));
		// Ten-second steps: 180 transactions to catch up, that both instances race for.
		AttemptCountsProperties small = new AttemptCountsProperties(properties.interval(), properties.settle(),
				Duration.ofSeconds(10), properties.keep());
		List<AttemptCounts> instances = List.of(new AttemptCounts(named, transactions, small, new QueueWaits(named)),
				new AttemptCounts(named, transactions, small, new QueueWaits(named)));
		ExecutorService threads = Executors.newFixedThreadPool(2);
		List<Future<Long>> rounds = new ArrayList<>();
		for (int round = 0; round < 20; round++) {
			for (AttemptCounts instance : instances) {
				rounds.add(threads.submit(instance::countFinished));
			}
		}
		long[] byInstance = new long[2];
		for (int i = 0; i < rounds.size(); i++) {
			byInstance[i % 2] += rounds.get(i).get();
		}
		threads.shutdown();
		long counted = byInstance[0] + byInstance[1];
		System.out.printf("Counted by the first instance: %,d, by the second: %,d%n", byInstance[0], byInstance[1]);

		assertThat(counted).isEqualTo(20_000);
		assertThat(countedPerMinute()).isEqualTo(attemptsPerMinute(start));
		assertThat(jdbc.queryForObject("SELECT SUM(attempts) FROM attempt_counts", Long.class)).isEqualTo(20_000);
	}

	@Test
	void anAttemptThatCommitsWithinTheSettleTimeIsCountedOnce() {
		markAgo(Duration.ofMinutes(1));
		counts.countFinished();
		// Committed now, finished 5 s ago: after the mark, which stays 10 s behind.
		insertAttempt("late-1", "SUCCEEDED", "DATE_SUB(UTC_TIMESTAMP(3), INTERVAL 5 SECOND)");
		// Finished before the mark: an attempt that commits this late is not counted.
		insertAttempt("late-2", "SUCCEEDED", "DATE_SUB(UTC_TIMESTAMP(3), INTERVAL 30 SECOND)");

		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
			counts.countFinished();
			return jdbc.queryForObject("SELECT COUNT(*) FROM attempt_counts", Long.class) > 0;
		});
		await().pollDelay(Duration.ofSeconds(1)).until(() -> counts.countFinished() == 0);

		assertThat(jdbc.queryForObject("SELECT SUM(attempts) FROM attempt_counts", Long.class)).isEqualTo(1);
	}

	@Test
	void minutesOlderThanTheKeepAreTrimmed() {
		markAgo(Duration.ofMinutes(1));
		jdbc.update("""
				INSERT INTO attempt_counts (minute_start, queue, type, outcome, attempts)
				VALUES (DATE_SUB(UTC_TIMESTAMP(), INTERVAL 8 DAY), 'STANDARD', 'noop', 'SUCCEEDED', 5),
				       (DATE_SUB(UTC_TIMESTAMP(), INTERVAL 6 DAY), 'STANDARD', 'noop', 'SUCCEEDED', 7)
				""");

		counts.countFinished();

		assertThat(properties.keep()).isEqualTo(Duration.ofDays(7));
		assertThat(jdbc.queryForList("SELECT attempts FROM attempt_counts", Long.class)).containsExactly(7L);
	}

	/* Counting starts this long ago: answers that time, from which attempts count. */
	private LocalDateTime markAgo(Duration ago) {
		jdbc.update("UPDATE attempt_counts_mark SET counted_to = DATE_SUB(UTC_TIMESTAMP(3), INTERVAL ? SECOND)",
				ago.toSeconds());
		return jdbc.queryForObject("SELECT counted_to FROM attempt_counts_mark", LocalDateTime.class);
	}

	private void insertAttempt(String name, String outcome, String finishedAt) {
		String id = UUID.nameUUIDFromBytes(name.getBytes()).toString();
		jdbc.update("""
				INSERT INTO jobs (id, type, queue, status, payload, attempts, max_attempts, not_before, created_at,
				                  finished_at)
				VALUES (?, 'noop', 'STANDARD', ?, '{}', 1, 1, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))
				""", id, outcome);
		jdbc.update("INSERT INTO job_attempts (job_id, attempt, worker, started_at, finished_at, outcome)"
				+ " VALUES (?, 1, 'test', " + finishedAt + ", " + finishedAt + ", ?)", id, outcome);
	}

	/*
	 * What attempt_counts should hold: the raw attempts from the first mark to the mark
	 * now, grouped here.
	 */
	private Map<String, Long> attemptsPerMinute(LocalDateTime start) {
		Map<String, Long> expected = new TreeMap<>();
		jdbc.query("""
				SELECT a.finished_at, j.queue, j.type, a.outcome
				FROM job_attempts a JOIN jobs j ON j.id = a.job_id, attempt_counts_mark m
				WHERE a.finished_at >= ? AND a.finished_at < m.counted_to
				""", rs -> {
			LocalDateTime minute = rs.getObject(1, LocalDateTime.class).truncatedTo(ChronoUnit.MINUTES);
			expected.merge(minute + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4), 1L,
					Long::sum);
		}, start);
		return expected;
	}

	private Map<String, Long> countedPerMinute() {
		Map<String, Long> counted = new TreeMap<>();
		jdbc.query("SELECT minute_start, queue, type, outcome, attempts FROM attempt_counts", rs -> {
			counted.put(rs.getObject(1, LocalDateTime.class) + " " + rs.getString(2) + " " + rs.getString(3) + " "
					+ rs.getString(4), rs.getLong(5));
		});
		return counted;
	}

}
