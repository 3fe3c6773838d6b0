package io.jobsuite.scheduler.scan;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.jobsuite.model.ClientSyncJobs;
import io.jobsuite.model.dispatch.Dispatched;
import io.jobsuite.model.dispatch.JobDispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pages through the clients due a sync and dispatches one sync job per client. Each page
 * is locked with {@code SKIP LOCKED}, so scanners on several instances split the work
 * instead of repeating it; the page's clients get their next due time and their jobs in
 * the same transaction; the jobs' unique key ({@link ClientSyncJobs#uniqueKeyOf}) keeps a
 * client whose last sync is still queued or running at one job.
 */
@Service
public class ClientScan {

	private static final Logger log = LoggerFactory.getLogger(ClientScan.class);

	/**
	 * Tries of one page before the scan gives up (the next scan takes the clients left
	 * due).
	 */
	private static final int PAGE_ATTEMPTS = 5;

	private final NamedParameterJdbcTemplate jdbc;

	private final JobDispatcher dispatcher;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final ScanProperties properties;

	ClientScan(NamedParameterJdbcTemplate jdbc, JobDispatcher dispatcher, PlatformTransactionManager transactions,
			Clock clock, ScanProperties properties) {
		this.jdbc = jdbc;
		this.dispatcher = dispatcher;
		this.transaction = new TransactionTemplate(transactions);
		this.clock = clock;
		this.properties = properties;
	}

	/**
	 * Scans until no due client is left that another scanner has not taken.
	 * @param label names this scan in the log (its trace id)
	 */
	public ScanReport scan(String label) {
		Instant start = clock.instant();
		// Due means due on the database's clock, which the workers' next-due times use
		// too.
		String dueBy = jdbc.queryForObject("SELECT CAST(UTC_TIMESTAMP(3) AS CHAR)", Map.of(), String.class);
		ScanReport report = new ScanReport(0, 0, 0, Duration.ZERO);
		while (true) {
			ScanReport page = pageWithRetries(dueBy, label);
			report = report.plus(page.dueClients(), page.created(), page.existing());
			if (page.dueClients() < properties.pageSize()) {
				break;
			}
		}
		report = report.took(Duration.between(start, clock.instant()));
		log.info("Scan {} took {} due client(s): {} sync job(s) created, {} already active, in {} ms", label,
				report.dueClients(), report.created(), report.existing(), report.took().toMillis());
		return report;
	}

	/**
	 * One page in its own transaction. A page that lost a deadlock to another scanner or
	 * a worker was rolled back whole (no client moved, no job committed), so it is simply
	 * scanned again.
	 */
	private ScanReport pageWithRetries(String dueBy, String label) {
		for (int attempt = 1;; attempt++) {
			try {
				return transaction.execute(status -> scanPage(dueBy));
			}
			catch (PessimisticLockingFailureException ex) {
				if (attempt == PAGE_ATTEMPTS) {
					throw ex;
				}
				log.info("Scan {} page rolled back by the database ({}), scanning it again", label,
						ex.getClass().getSimpleName());
			}
		}
	}

	private ScanReport scanPage(String dueBy) {
		List<Long> due = jdbc.queryForList("""
				SELECT id FROM clients WHERE next_due_at <= :dueBy
				ORDER BY next_due_at LIMIT :limit FOR UPDATE SKIP LOCKED
				""", Map.of("dueBy", dueBy, "limit", properties.pageSize()), Long.class);
		if (due.isEmpty()) {
			return new ScanReport(0, 0, 0, Duration.ZERO);
		}
		List<Dispatched> dispatched = dispatcher
			.dispatchAll(due.stream().map(client -> ClientSyncJobs.scheduled(client)).toList());
		jdbc.update("""
				UPDATE clients SET next_due_at = DATE_ADD(UTC_TIMESTAMP(3), INTERVAL sync_interval_minutes MINUTE)
				WHERE id IN (:ids)
				""", Map.of("ids", due));
		int created = (int) dispatched.stream().filter(Dispatched::created).count();
		return new ScanReport(due.size(), created, due.size() - created, Duration.ZERO);
	}

}
