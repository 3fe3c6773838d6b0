package io.jobsuite.model.dispatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.jobsuite.model.JobStatus;
import io.jobsuite.model.QueueKind;
import io.jobsuite.model.Utc;
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

	/** When a delayed job is due: its runAt, or now if that has passed. */
	private static final String DUE = "GREATEST(CAST(:runAt AS DATETIME(3)), UTC_TIMESTAMP(3))";

	/**
	 * When the relay looks at a delayed job: a job due within the lead is the
	 * dispatcher's to send, and the relay looks only if that send is not recorded; a
	 * later one the relay takes a lead before it is due, and times its send.
	 * {@link #ownSends} reads which is which from the row ({@code recheck_at} not before
	 * {@code not_before}: the dispatcher's).
	 */
	private static final String DELAYED_RECHECK = """
			IF(%1$s <= DATE_ADD(UTC_TIMESTAMP(3), INTERVAL :leadMicros MICROSECOND),
			    DATE_ADD(%1$s, INTERVAL :relayMicros MICROSECOND), DATE_SUB(%1$s, INTERVAL :leadMicros MICROSECOND))
			""".formatted(DUE);

	private static final String INSERT_DELAYED = """
			INSERT INTO jobs (id, type, queue, status, payload, client_id, unique_key, overlap_key, message_group,
			                  attempts, max_attempts, not_before, trace_id, created_at, recheck_at)
			VALUES (:id, :type, :queue, 'QUEUED', :payload, :clientId, :uniqueKey, :overlapKey, :messageGroup,
			        0, :maxAttempts, %s, :traceId, UTC_TIMESTAMP(3), %s)
			ON DUPLICATE KEY UPDATE id = id
			""".formatted(DUE, DELAYED_RECHECK);

	/** The longest a queued job that was sent waits for the relay to send it again. */
	static final Duration RESEND_CAP = Duration.ofHours(1);

	private final NamedParameterJdbcTemplate jdbc;

	private final OutboxProperties properties;

	JobRows(NamedParameterJdbcTemplate jdbc, OutboxProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	/**
	 * Inserts all rows; a row whose unique key is held by an active job is skipped, not
	 * failed. A job due now is looked at by the relay if still unsent after
	 * {@code relayAfter}; a delayed one waits in the row (see {@link #DELAYED_RECHECK}).
	 * Due jobs keep a statement of their own: the delayed one binds more per row.
	 */
	void insertAll(List<PendingJob> jobs) {
		Map<Boolean, List<PendingJob>> byDelay = jobs.stream()
			.collect(Collectors.partitioningBy(job -> job.spec().runAt() != null));
		if (!byDelay.get(false).isEmpty()) {
			jdbc.batchUpdate(INSERT, parameters(byDelay.get(false)));
		}
		if (!byDelay.get(true).isEmpty()) {
			jdbc.batchUpdate(INSERT_DELAYED, parameters(byDelay.get(true)));
		}
	}

	private SqlParameterSource[] parameters(List<PendingJob> jobs) {
		return jobs.stream().map(this::parameters).toArray(SqlParameterSource[]::new);
	}

	/** The binds of one job's insert (a batch's insert adds its own). */
	MapSqlParameterSource parameters(PendingJob job) {
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
			.addValue("traceId", spec.traceParent())
			.addValue("relayMicros", JobTransitions.micros(properties.relayAfter()))
			.addValue("runAt", Utc.column(spec.runAt()))
			.addValue("leadMicros", JobTransitions.micros(properties.lead()));
	}

	/**
	 * Of these jobs, the ones this dispatch sends itself (due now or within the lead, see
	 * {@link #DELAYED_RECHECK}), each with how long until it is due by the database's
	 * clock (zero or less: due).
	 */
	Map<UUID, Long> ownSends(Collection<UUID> ids) {
		Map<UUID, Long> waits = new HashMap<>();
		jdbc.query("""
				SELECT id, TIMESTAMPDIFF(MICROSECOND, UTC_TIMESTAMP(3), not_before) AS wait_micros FROM jobs
				WHERE id IN (:ids) AND status = 'QUEUED' AND recheck_at >= not_before
				""", Map.of("ids", ids.stream().map(UUID::toString).toList()), rs -> {
			waits.put(UUID.fromString(rs.getString("id")), rs.getLong("wait_micros"));
		});
		return waits;
	}

	/** The active job holding each of these unique keys. */
	Map<String, ActiveJob> activeByUniqueKey(Collection<String> keys) {
		Map<String, ActiveJob> active = new HashMap<>();
		if (keys.isEmpty()) {
			return active;
		}
		jdbc.query("""
				SELECT id, unique_key, queue, status, not_before > UTC_TIMESTAMP(3) AS not_due
				FROM jobs WHERE active_unique_key IN (:keys)
				""", Map.of("keys", keys), rs -> {
			active.put(rs.getString("unique_key"),
					new ActiveJob(UUID.fromString(rs.getString("id")), QueueKind.valueOf(rs.getString("queue")),
							JobStatus.valueOf(rs.getString("status")), rs.getBoolean("not_due")));
		});
		return active;
	}

	/**
	 * Moves a still-queued job to queue {@code to} and makes it due now (a delayed one; a
	 * due one stays due); false when it was picked up meanwhile. The dispatch sends it.
	 */
	boolean promote(UUID id, QueueKind from, QueueKind to) {
		return jdbc.update("""
				UPDATE jobs SET queue = :to, sent_at = NULL, not_before = LEAST(not_before, UTC_TIMESTAMP(3)),
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
				SELECT id, type, queue, status, message_group, attempts, trace_id,
				       TIMESTAMPDIFF(MICROSECOND, UTC_TIMESTAMP(3), not_before) AS wait_micros FROM jobs
				WHERE recheck_at <= UTC_TIMESTAMP(3) AND status IN ('QUEUED', 'RUNNING', 'RETRYING')
				ORDER BY recheck_at LIMIT :limit FOR UPDATE SKIP LOCKED
				""", Map.of("limit", limit),
				(rs, row) -> new DueJob(UUID.fromString(rs.getString("id")), rs.getString("type"),
						QueueKind.valueOf(rs.getString("queue")), JobStatus.valueOf(rs.getString("status")),
						rs.getString("message_group"), rs.getInt("attempts"), rs.getString("trace_id"),
						rs.getLong("wait_micros")));
	}

	/** These jobs, where still queued and unsent, locked. */
	List<DueJob> lockUnsent(Collection<UUID> ids) {
		return jdbc.query("""
				SELECT id, type, queue, status, message_group, attempts, trace_id FROM jobs
				WHERE sent_at IS NULL AND status = 'QUEUED' AND id IN (:ids) ORDER BY id FOR UPDATE
				""", Map.of("ids", ids.stream().map(UUID::toString).toList()),
				(rs, row) -> new DueJob(UUID.fromString(rs.getString("id")), rs.getString("type"),
						QueueKind.valueOf(rs.getString("queue")), JobStatus.QUEUED, rs.getString("message_group"),
						rs.getInt("attempts"), rs.getString("trace_id"), 0));
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

	/**
	 * Delayed jobs whose sends are timed in this JVM: the relay looks again only once
	 * they are {@code relayAfter} overdue (their timer's JVM died), so no other relay
	 * times them too.
	 */
	void holdForTimedSend(Collection<UUID> ids) {
		recheckRelativeToDue(ids, "DATE_ADD(not_before, INTERVAL :micros MICROSECOND)", properties.relayAfter());
	}

	/** Delayed jobs not yet within the lead: the relay looks again a lead before due. */
	void holdUntilLead(Collection<UUID> ids) {
		recheckRelativeToDue(ids, "DATE_SUB(not_before, INTERVAL :micros MICROSECOND)", properties.lead());
	}

	private void recheckRelativeToDue(Collection<UUID> ids, String recheck, Duration offset) {
		if (!ids.isEmpty()) {
			jdbc.update(
					"UPDATE jobs SET recheck_at = " + recheck
							+ " WHERE id IN (:ids) AND status = 'QUEUED' AND sent_at IS NULL",
					Map.of("micros", JobTransitions.micros(offset), "ids",
							ids.stream().map(UUID::toString).sorted().toList()));
		}
	}

	/**
	 * Timed sends this JVM gives up (it stops): any relay takes them at its next round.
	 */
	void handBack(Collection<UUID> ids) {
		if (!ids.isEmpty()) {
			jdbc.update("""
					UPDATE jobs SET recheck_at = UTC_TIMESTAMP(3)
					WHERE id IN (:ids) AND status = 'QUEUED' AND sent_at IS NULL
					""", Map.of("ids", ids.stream().map(UUID::toString).sorted().toList()));
		}
	}

	/**
	 * A job the relay sends.
	 *
	 * @param waitMicros how long until it is due, by the database's clock; zero or less
	 * when it is
	 */
	record DueJob(UUID id, String type, QueueKind queue, JobStatus status, String messageGroup, int attempts,
			String traceParent, long waitMicros) {

		/** Not yet due, and not FIFO (whose order the relay keeps by sending in turn). */
		boolean early() {
			return waitMicros > 0 && !queue.isFifo();
		}

	}

	/** An active job of a FIFO group. */
	record GroupMember(UUID id, boolean unsent) {
	}

	/**
	 * The active job holding a unique key.
	 *
	 * @param delayed whether it is not due yet
	 */
	record ActiveJob(UUID id, QueueKind queue, JobStatus status, boolean delayed) {
	}

}
