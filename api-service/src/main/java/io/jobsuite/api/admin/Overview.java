package io.jobsuite.api.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.jobsuite.api.counts.AttemptCounts;
import io.jobsuite.api.counts.AttemptCounts.Count;
import io.jobsuite.api.queues.QueueDepth;
import io.jobsuite.api.queues.QueueStats;
import io.jobsuite.model.JobStatus;
import io.jobsuite.model.retention.RetentionProperties;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * What the admin's overview shows: the active jobs, the attempts of the last hour and
 * day, the queues and how long finished jobs are kept. None of it reads the history:
 * active jobs are read from the status index, at most {@value #ACTIVE_LIMIT} per status,
 * and finished work from the rolled-up {@link AttemptCounts}.
 */
@Service
class Overview {

	/**
	 * Active jobs counted per status, at most: a larger backlog is the queues' depth to
	 * tell (SQS counts it for free), and counting it row by row would cost time in
	 * proportion to it.
	 */
	static final int ACTIVE_LIMIT = 10_000;

	/* A range of ix_jobs_status_created, oldest first, each row read by its key. */
	static final String ACTIVE = """
			SELECT queue, type, COUNT(*) AS n
			FROM (SELECT queue, type FROM jobs WHERE status = ? ORDER BY created_at LIMIT ?) active
			GROUP BY queue, type
			""";

	static final List<String> OUTCOMES = List.of("SUCCEEDED", "RETRYING", "FAILED", "LEASE_EXPIRED", "CANCELLED");

	private final JdbcTemplate jdbc;

	private final AttemptCounts counts;

	private final QueueStats queues;

	private final RetentionProperties retention;

	Overview(JdbcTemplate jdbc, AttemptCounts counts, QueueStats queues, RetentionProperties retention) {
		this.jdbc = jdbc;
		this.counts = counts;
		this.queues = queues;
		this.retention = retention;
	}

	Snapshot now() {
		Map<String, Row> byQueue = new TreeMap<>();
		Map<String, Row> byType = new TreeMap<>();
		Map<JobStatus, Long> active = new EnumMap<>(JobStatus.class);
		for (JobStatus status : JobStatus.ACTIVE) {
			active.put(status, 0L);
			jdbc.query(ACTIVE, rs -> {
				long n = rs.getLong("n");
				active.merge(status, n, Long::sum);
				row(byQueue, rs.getString("queue")).active().merge(status, n, Long::sum);
				row(byType, rs.getString("type")).active().merge(status, n, Long::sum);
			}, status.name(), ACTIVE_LIMIT);
		}
		AttemptCounts.Recent recent = counts.recent();
		Map<String, Long> lastHour = new LinkedHashMap<>();
		OUTCOMES.forEach(outcome -> lastHour.put(outcome, 0L));
		for (Count count : recent.counts()) {
			lastHour.merge(count.outcome(), count.lastHour(), Long::sum);
			row(byQueue, count.queue()).lastDay().merge(count.outcome(), count.lastDay(), Long::sum);
			row(byType, count.type()).lastDay().merge(count.outcome(), count.lastDay(), Long::sum);
		}
		return new Snapshot(active, lastHour, byQueue, byType, recent.countedTo(), queues.latest(), retention);
	}

	private static Row row(Map<String, Row> rows, String key) {
		return rows.computeIfAbsent(key, k -> new Row(new EnumMap<>(JobStatus.class), new TreeMap<>()));
	}

	/**
	 * One queue's or job type's figures.
	 *
	 * @param active its active jobs per status (within {@link #ACTIVE_LIMIT} per status)
	 * @param lastDay its attempts of the last day per outcome
	 */
	record Row(Map<JobStatus, Long> active, Map<String, Long> lastDay) {
	}

	/**
	 * The overview.
	 *
	 * @param active active jobs per status, each at most {@link #ACTIVE_LIMIT}
	 * @param lastHour attempts that finished in the last hour, by outcome
	 * @param byQueue per queue
	 * @param byType per job type
	 * @param countedTo attempts that finished before this are in the attempt figures
	 * @param queues the queues' depths and oldest waiting jobs
	 * @param retention how long finished jobs are kept
	 */
	record Snapshot(Map<JobStatus, Long> active, Map<String, Long> lastHour, Map<String, Row> byQueue,
			Map<String, Row> byType, Instant countedTo, List<QueueDepth> queues, RetentionProperties retention) {

		public List<JobStatus> activeStatuses() {
			return List.copyOf(JobStatus.ACTIVE);
		}

		public List<String> outcomes() {
			return OUTCOMES;
		}

		/** An active count as shown: "10000+" when the count stopped at the limit. */
		public String shown(JobStatus status) {
			long n = active.getOrDefault(status, 0L);
			return n >= ACTIVE_LIMIT ? String.format("%,d+", ACTIVE_LIMIT) : Long.toString(n);
		}

		public long lastHourTotal() {
			return lastHour.values().stream().mapToLong(Long::longValue).sum();
		}

		public int activeLimit() {
			return ACTIVE_LIMIT;
		}

		/** How long SUCCEEDED and CANCELLED jobs are kept, in words. */
		public String finishedRetention() {
			return words(retention.finishedAge());
		}

		/** How long FAILED jobs are kept, in words. */
		public String failedRetention() {
			return words(retention.failedAge());
		}

		static String words(Duration age) {
			if (age.toDays() > 0 && age.equals(Duration.ofDays(age.toDays()))) {
				return age.toDays() == 1 ? "1 day" : age.toDays() + " days";
			}
			if (age.toHours() > 0 && age.equals(Duration.ofHours(age.toHours()))) {
				return age.toHours() == 1 ? "1 hour" : age.toHours() + " hours";
			}
			return age.toMinutes() + " minutes";
		}

	}

}
