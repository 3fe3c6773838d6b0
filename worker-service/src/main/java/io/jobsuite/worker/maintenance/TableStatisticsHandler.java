package io.jobsuite.worker.maintenance;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jobsuite.model.JobType;
import io.jobsuite.model.JobTypes;
import io.jobsuite.worker.handler.JobContext;
import io.jobsuite.worker.handler.JobHandler;
import io.jobsuite.worker.maintenance.TableStatisticsHandler.Occurrence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Refreshes the optimizer's statistics of the tables the hot path and the admin query,
 * nightly (a recurring job): the plans the EXPLAIN checks prove assume estimates that
 * follow tables whose rows come and go by the million. {@code ANALYZE TABLE} samples
 * index pages (MariaDB collects its full-scan engine-independent statistics only when
 * asked to) and changes no row, so it needs no fence.
 */
@Component
class TableStatisticsHandler implements JobHandler<Occurrence, Map<String, String>> {

	private static final Logger log = LoggerFactory.getLogger(TableStatisticsHandler.class);

	static final List<String> TABLES = List.of("jobs", "job_attempts", "clients", "attempt_counts");

	private final JdbcTemplate jdbc;

	TableStatisticsHandler(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public JobType type() {
		return JobTypes.TABLE_STATISTICS;
	}

	@Override
	public Class<Occurrence> payloadType() {
		return Occurrence.class;
	}

	/** The table names, each with the server's last word on it ("OK"). */
	@Override
	public Map<String, String> handle(Occurrence payload, JobContext context) {
		Map<String, String> outcome = new LinkedHashMap<>();
		jdbc.query("ANALYZE TABLE " + String.join(", ", TABLES), rs -> {
			String table = rs.getString("Table");
			String status = rs.getString("Msg_text");
			if ("error".equalsIgnoreCase(rs.getString("Msg_type"))) {
				throw new IllegalStateException("ANALYZE TABLE " + table + " failed: " + status);
			}
			outcome.put(table.substring(table.indexOf('.') + 1), status);
		});
		log.info("Table statistics refreshed for the occurrence of {}: {}",
				payload.occurrence() == null ? "a Run now" : payload.occurrence(), outcome);
		return outcome;
	}

	/**
	 * A recurring job's payload.
	 *
	 * @param occurrence the scheduled time it runs for; null for an ops "Run now"
	 */
	record Occurrence(Instant occurrence) {
	}

}
