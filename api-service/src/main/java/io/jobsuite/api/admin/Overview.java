package io.jobsuite.api.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.jobsuite.api.queues.QueueDepth;
import io.jobsuite.api.queues.QueueStats;
import io.jobsuite.model.JobStatus;
import io.jobsuite.model.Utc;
import io.jobsuite.model.retention.RetentionProperties;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * What the admin's overview shows: job counts, the last hour's work, the queues and how
 * long finished jobs are kept.
 */
@Service
class Overview {

	private static final Duration RECENT = Duration.ofHours(1);

	private final JdbcTemplate jdbc;

	private final QueueStats queues;

	private final Clock clock;

	private final RetentionProperties retention;

	Overview(JdbcTemplate jdbc, QueueStats queues, Clock clock, RetentionProperties retention) {
		this.jdbc = jdbc;
		this.queues = queues;
		this.clock = clock;
		this.retention = retention;
	}

	Snapshot now() {
		Instant since = clock.instant().minus(RECENT);
		Map<String, Long> recent = new TreeMap<>();
		jdbc.query("SELECT outcome, COUNT(*) AS n FROM job_attempts WHERE finished_at >= ? GROUP BY outcome", rs -> {
			recent.put(rs.getString("outcome"), rs.getLong("n"));
		}, Utc.column(since));
		return new Snapshot(countsBy("queue"), countsBy("type"), recent, queues.latest(), retention);
	}

	/**
	 * Jobs per status for each value of a column (queue or type), statuses in
	 * state-machine order.
	 */
	private Map<String, Map<JobStatus, Long>> countsBy(String column) {
		Map<String, Map<JobStatus, Long>> counts = new TreeMap<>();
		jdbc.query("SELECT " + column + " AS k, status, COUNT(*) AS n FROM jobs GROUP BY " + column + ", status",
				rs -> {
					counts.computeIfAbsent(rs.getString("k"), key -> new EnumMap<>(JobStatus.class))
						.put(JobStatus.valueOf(rs.getString("status")), rs.getLong("n"));
				});
		return counts;
	}

	/**
	 * The overview.
	 *
	 * @param byQueue jobs per status, per queue
	 * @param byType jobs per status, per job type
	 * @param lastHour attempts that finished in the last hour, by outcome
	 * @param queues the queues' depths and oldest waiting jobs
	 * @param retention how long finished jobs are kept
	 */
	record Snapshot(Map<String, Map<JobStatus, Long>> byQueue, Map<String, Map<JobStatus, Long>> byType,
			Map<String, Long> lastHour, List<QueueDepth> queues, RetentionProperties retention) {

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

		public List<JobStatus> statuses() {
			return List.of(JobStatus.values());
		}

		public long lastHourTotal() {
			return lastHour.values().stream().mapToLong(Long::longValue).sum();
		}

		public Map<JobStatus, Long> totals() {
			Map<JobStatus, Long> totals = new EnumMap<>(JobStatus.class);
			byQueue.values().forEach(counts -> counts.forEach((status, n) -> totals.merge(status, n, Long::sum)));
			return totals;
		}

	}

}
