package io.jobsuite.model.dispatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.jobsuite.model.JobStatus;
import io.jobsuite.model.QueueKind;
import io.jobsuite.model.store.JobTransitions;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * The SQL of dispatch and the outbox: batched inserts, unique-key look-ups, sent marks,
 * and the pages the relay reconciles. Times are the database's.
 */
class JobRows {

	private static final String INSERT = """
			INSERT INTO jobs (id, type, queue, status, payload, client_id, unique_key, overlap_key, message_group,
			                  attempts, max_attempts, not_before, trace_id, created_at, recheck_at)
			VALUES (:id, :type, :queue, 'QUEUED', :payload, :clientId, :uniqueKey, :overlapKey, :messageGroup,
			        0, :maxAttempts, UTC_TIMESTAMP(3), :traceId, UTC_TIMESTAMP(3),
			        DATE_ADD(UTC_TIMESTAMP(3), INTERVAL :relayMicros MICROSECOND))
			ON DUPLICATE KEY UPDATE id = id
			""";

	/** The longest a queued job that was sent waits for the relay to send it again. */
	static final Duration RESEND_CAP = Duration.ofHours(1);

	private final NamedParameterJdbcTemplate jdbc;

	private final OutboxProperties properties;

	JobRows(NamedParameterJdbcTemplate jdbc, OutboxProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	/**
	 * Inserts all rows, due at once and looked at by the relay if still unsent after
	 * {@code relayAfter}; a row whose unique key is held by an active job is skipped, not
	 * failed.
	 */
	void insertAll(List<PendingJob> jobs) {
		long relayMicros = JobTransitions.micros(properties.relayAfter());
		SqlParameterSource[] rows = jobs.stream().map(job -> {
			var spec = job.spec();
			return new MapSqlParameterSource().addValue("id", job.id().toString())
				.addValue("type", spec.type().name())
				.addValue("queue", spec.queue().name())
				.addValue("payload", spec.payload())
				.addValue("clientId", spec.clientId())
				.addValue("uniqueKey", spec.uniqueKey())
				.addValue("overlapKey", spec.overlapKey())
				.addValue("messageGroup", spec.messageGroup())
				.addValue("maxAttempts", spec.maxAttempts())
				.addValue("traceId", spec.traceId())
				.addValue("relayMicros", relayMicros);
		}).toArray(SqlParameterSource[]::new);
		jdbc.batchUpdate(INSERT, rows);
	}

	/** The active job holding each of these unique keys. */
	Map<String, ActiveJob> activeByUniqueKey(Collection<String> keys) {
		Map<String, ActiveJob> active = new HashMap<>();
		if (keys.isEmpty()) {
			return active;
		}
		jdbc.query("SELECT id, unique_key, queue, status FROM jobs WHERE active_unique_key IN (:keys)",
				Map.of("keys", keys), rs -> {
					active.put(rs.getString("unique_key"), new ActiveJob(UUID.fromString(rs.getString("id")),
							QueueKind.valueOf(rs.getString("queue")), JobStatus.valueOf(rs.getString("status"))));
				});
		return active;
	}

	/**
	 * Moves a still-queued job to a faster queue; false when it was picked up meanwhile.
	 */
	boolean promote(UUID id, QueueKind from, QueueKind to) {
		return jdbc.update("""
				UPDATE jobs SET queue = :to, sent_at = NULL,
				    recheck_at = DATE_ADD(UTC_TIMESTAMP(3), INTERVAL :relayMicros MICROSECOND)
				WHERE id = :id AND status = 'QUEUED' AND queue = :from
				""", Map.of("id", id.toString(), "from", from.name(), "to", to.name(), "relayMicros",
				JobTransitions.micros(properties.relayAfter()))) == 1;
	}

	/** The FIFO groups among these that have an unsent job older than {@code before}. */
	List<String> groupsWithUnsentBefore(Collection<String> groups, UUID before) {
		return jdbc.queryForList("""
				SELECT DISTINCT active_group FROM jobs
				WHERE active_group IN (:groups) AND sent_at IS NULL AND id < :before
				""", Map.of("groups", groups, "before", before.toString()), String.class);
	}

	/**
	 * Active jobs whose recheck time passed, the most overdue first, locked for this
	 * relay (rows another relay holds are skipped, and found again next round).
	 */
	List<DueJob> lockDue(int limit) {
		return jdbc.query("""
				SELECT id, type, queue, status, message_group, attempts, trace_id FROM jobs
				WHERE recheck_at <= UTC_TIMESTAMP(3) AND status IN ('QUEUED', 'RUNNING', 'RETRYING')
				ORDER BY recheck_at LIMIT :limit FOR UPDATE SKIP LOCKED
				""", Map.of("limit", limit),
				(rs, row) -> new DueJob(UUID.fromString(rs.getString("id")), rs.getString("type"),
						QueueKind.valueOf(rs.getString("queue")), JobStatus.valueOf(rs.getString("status")),
						rs.getString("message_group"), rs.getInt("attempts"), rs.getString("trace_id")));
	}

	/** These jobs, where still queued and unsent, locked. */
	List<DueJob> lockUnsent(Collection<UUID> ids) {
		return jdbc.query("""
				SELECT id, type, queue, status, message_group, attempts, trace_id FROM jobs
				WHERE sent_at IS NULL AND status = 'QUEUED' AND id IN (:ids) ORDER BY id FOR UPDATE
				""", Map.of("ids", ids.stream().map(UUID::toString).toList()),
				(rs, row) -> new DueJob(UUID.fromString(rs.getString("id")), rs.getString("type"),
						QueueKind.valueOf(rs.getString("queue")), JobStatus.QUEUED, rs.getString("message_group"),
						rs.getInt("attempts"), rs.getString("trace_id")));
	}

	/**
	 * The active jobs of these FIFO groups in their order, and whether each is unsent.
	 */
	Map<String, List<GroupMember>> activeOfGroups(Collection<String> groups) {
		Map<String, List<GroupMember>> members = new HashMap<>();
		jdbc.query("""
				SELECT id, active_group, sent_at IS NULL AS unsent FROM jobs
				WHERE active_group IN (:groups) ORDER BY active_group, id
				""", Map.of("groups", groups), rs -> {
			members.computeIfAbsent(rs.getString("active_group"), g -> new ArrayList<>())
				.add(new GroupMember(UUID.fromString(rs.getString("id")), rs.getBoolean("unsent")));
		});
		return members;
	}

	/**
	 * Records these jobs as sent, locking their rows in id order; the relay looks again
	 * after {@code recheckAfter}. A queued job sent again (it may only be waiting in a
	 * long backlog) waits twice as long as since its last send, up to an hour, so that a
	 * backlog is never flooded with copies ({@code recheck_at} is assigned before
	 * {@code sent_at}, and reads the last send). {@code onlyUnsent}: a dispatch marks
	 * only what nobody sent or claimed meanwhile. Run it at READ COMMITTED: under
	 * REPEATABLE READ its gap locks deadlocked with concurrent dispatches' inserts
	 * (UUIDv7 ids share gaps).
	 */
	void markSent(Collection<UUID> ids, boolean onlyUnsent) {
		if (!ids.isEmpty()) {
			jdbc.update("""
					UPDATE jobs
					SET recheck_at = DATE_ADD(UTC_TIMESTAMP(3), INTERVAL IF(status = 'QUEUED' AND sent_at IS NOT NULL,
					        LEAST(:capMicros, GREATEST(:recheckMicros,
					            2 * TIMESTAMPDIFF(MICROSECOND, sent_at, UTC_TIMESTAMP(3)))),
					        :recheckMicros) MICROSECOND),
					    sent_at = UTC_TIMESTAMP(3)
					WHERE id IN (:ids) AND status IN ('QUEUED', 'RUNNING', 'RETRYING')
					  AND (sent_at IS NULL OR NOT :onlyUnsent)
					""",
					Map.of("recheckMicros", JobTransitions.micros(properties.recheckAfter()), "capMicros",
							JobTransitions.micros(RESEND_CAP), "ids",
							ids.stream().map(UUID::toString).sorted().toList(), "onlyUnsent", onlyUnsent));
		}
	}

	/**
	 * Looks at these jobs again after {@code recheckAfter}: FIFO jobs behind unsent ones.
	 */
	void postpone(Collection<UUID> ids) {
		if (!ids.isEmpty()) {
			jdbc.update("""
					UPDATE jobs SET recheck_at = DATE_ADD(UTC_TIMESTAMP(3), INTERVAL :recheckMicros MICROSECOND)
					WHERE id IN (:ids)
					""", Map.of("recheckMicros", JobTransitions.micros(properties.recheckAfter()), "ids",
					ids.stream().map(UUID::toString).sorted().toList()));
		}
	}

	/** A job the relay sends. */
	record DueJob(UUID id, String type, QueueKind queue, JobStatus status, String messageGroup, int attempts,
			String traceId) {
	}

	/** An active job of a FIFO group. */
	record GroupMember(UUID id, boolean unsent) {
	}

	record ActiveJob(UUID id, QueueKind queue, JobStatus status) {
	}

}
