package io.jobsuite.fault;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The fault-probe's own record of its runs, read back: a run's end is when it wrote it,
 * or when its worker was killed (a run cut by kill -9 never writes one). Overlaps are
 * computed from these intervals.
 */
record ProbeRuns(List<Run> runs) {

	static ProbeRuns read(JdbcTemplate jdbc, Map<String, Instant> killedAt) {
		List<Run> runs = jdbc.query("""
				SELECT job_id, attempt, worker, probe_key, sequence, started_at, finished_at, outcome
				FROM fault_probe_runs
				""", (rs, row) -> {
			LocalDateTime finished = rs.getObject("finished_at", LocalDateTime.class);
			String worker = rs.getString("worker");
			Instant end = finished != null ? finished.toInstant(ZoneOffset.UTC)
					: killedAt.getOrDefault(worker, Instant.MAX);
			return new Run(rs.getString("job_id"), rs.getInt("attempt"), worker, rs.getString("probe_key"),
					rs.getInt("sequence"), rs.getObject("started_at", LocalDateTime.class).toInstant(ZoneOffset.UTC),
					end, finished != null, rs.getString("outcome"));
		});
		return new ProbeRuns(runs);
	}

	/**
	 * The probe's table, which no production migration has: created once Flyway has run.
	 */
	static void createTable(JdbcTemplate jdbc) {
		jdbc.execute("""
				CREATE TABLE IF NOT EXISTS fault_probe_runs (
				    run_id      BIGINT       NOT NULL AUTO_INCREMENT,
				    job_id      CHAR(36)     CHARACTER SET ascii NOT NULL,
				    attempt     INT          NOT NULL,
				    worker      VARCHAR(100) NOT NULL,
				    probe_key   VARCHAR(191) NOT NULL,
				    sequence    INT          NOT NULL,
				    started_at  DATETIME(6)  NOT NULL,
				    finished_at DATETIME(6)  NULL,
				    outcome     VARCHAR(16)  NULL,
				    PRIMARY KEY (run_id),
				    KEY ix_fault_probe_runs_job (job_id, attempt),
				    KEY ix_fault_probe_runs_key (probe_key, started_at)
				) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4
				""");
	}

	/** The runs {@code filter} keeps. */
	ProbeRuns only(Predicate<Run> filter) {
		return new ProbeRuns(runs.stream().filter(filter).toList());
	}

	/** Pairs of runs of the same job that were under way at the same time. */
	long concurrentRunsOfOneJob() {
		return overlappingPairs(Run::jobId, (a, b) -> true);
	}

	/**
	 * Pairs of runs of different jobs with the same key that were under way at the same
	 * time.
	 */
	long overlapsAcrossJobsOfOneKey() {
		return overlapsAcrossJobsOfOneKey(run -> true);
	}

	/** {@link #overlapsAcrossJobsOfOneKey()} among the runs that {@code filter} keeps. */
	long overlapsAcrossJobsOfOneKey(Predicate<Run> filter) {
		return new ProbeRuns(runs.stream().filter(filter).toList()).overlappingPairs(Run::key,
				(a, b) -> !a.jobId().equals(b.jobId()));
	}

	/**
	 * Pairs of runs of different jobs, among those {@code filter} keeps, that were under
	 * way at the same time.
	 */
	long overlapsAcrossJobs(Predicate<Run> filter) {
		return new ProbeRuns(runs.stream().filter(filter).toList()).overlappingPairs(run -> "all",
				(a, b) -> !a.jobId().equals(b.jobId()));
	}

	/** Jobs with more than one run whose handler completed its work. */
	long jobsExecutedMoreThanOnce() {
		return runs.stream()
			.filter(run -> "SUCCEEDED".equals(run.outcome()))
			.collect(Collectors.groupingBy(Run::jobId, Collectors.counting()))
			.values()
			.stream()
			.filter(count -> count > 1)
			.count();
	}

	/** Runs that never ended: cut by a kill. */
	List<Run> cut() {
		return runs.stream().filter(run -> !run.ended()).toList();
	}

	Map<String, List<Run>> byJob() {
		return runs.stream().collect(Collectors.groupingBy(Run::jobId));
	}

	/**
	 * Within each key (FIFO group), the times a job with a higher sequence started before
	 * every run of the job before it had ended.
	 */
	long orderViolations() {
		return orderViolationKeys().size();
	}

	/** The key of each order violation (a key appears once per violation). */
	List<String> orderViolationKeys() {
		List<String> violations = new ArrayList<>();
		for (List<Run> group : runs.stream().collect(Collectors.groupingBy(Run::key)).values()) {
			Map<Integer, List<Run>> bySequence = group.stream().collect(Collectors.groupingBy(Run::sequence));
			for (Map.Entry<Integer, List<Run>> entry : bySequence.entrySet()) {
				List<Run> next = bySequence.get(entry.getKey() + 1);
				if (next == null) {
					continue;
				}
				Instant previousEnd = entry.getValue()
					.stream()
					.map(Run::end)
					.max(Comparator.naturalOrder())
					.orElseThrow();
				Instant nextStart = next.stream().map(Run::start).min(Comparator.naturalOrder()).orElseThrow();
				if (nextStart.isBefore(previousEnd)) {
					violations.add(entry.getValue().get(0).key());
				}
			}
		}
		return violations;
	}

	private long overlappingPairs(Function<Run, String> groupBy, java.util.function.BiPredicate<Run, Run> counts) {
		long pairs = 0;
		for (List<Run> group : runs.stream().collect(Collectors.groupingBy(groupBy)).values()) {
			List<Run> sorted = new ArrayList<>(group);
			sorted.sort(Comparator.comparing(Run::start));
			for (int i = 0; i < sorted.size(); i++) {
				for (int j = i + 1; j < sorted.size() && sorted.get(j).start().isBefore(sorted.get(i).end()); j++) {
					if (counts.test(sorted.get(i), sorted.get(j))) {
						pairs++;
					}
				}
			}
		}
		return pairs;
	}

	record Run(String jobId, int attempt, String worker, String key, int sequence, Instant start, Instant end,
			boolean ended, String outcome) {
	}

}
