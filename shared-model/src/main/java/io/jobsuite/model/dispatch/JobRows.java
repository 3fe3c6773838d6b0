package io.jobsuite.model.dispatch;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.jobsuite.model.JobStatus;
import io.jobsuite.model.QueueKind;
import io.jobsuite.model.Utc;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * The SQL of dispatch and the outbox: batched inserts, unique-key look-ups, sent marks.
 */
class JobRows {

	private static final String INSERT = """
			INSERT INTO jobs (id, type, queue, status, payload, client_id, unique_key, overlap_key, message_group,
			                  attempts, max_attempts, not_before, trace_id, created_at)
			VALUES (:id, :type, :queue, 'QUEUED', :payload, :clientId, :uniqueKey, :overlapKey, :messageGroup,
			        0, :maxAttempts, :now, :traceId, :now)
			ON DUPLICATE KEY UPDATE id = id
			""";

	private final NamedParameterJdbcTemplate jdbc;

	JobRows(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Inserts all rows; a row whose unique key is held by an active job is skipped, not
	 * failed.
	 */
	void insertAll(List<PendingJob> jobs, Instant now) {
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
				.addValue("now", Utc.column(now));
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
				UPDATE jobs SET queue = :to, sent_at = NULL
				WHERE id = :id AND status = 'QUEUED' AND queue = :from
				""", Map.of("id", id.toString(), "from", from.name(), "to", to.name())) == 1;
	}

	/** The FIFO groups among these that have an unsent job older than {@code before}. */
	List<String> groupsWithUnsentBefore(Collection<String> groups, UUID before) {
		return jdbc.queryForList("""
				SELECT DISTINCT message_group FROM jobs
				WHERE message_group IN (:groups) AND sent_at IS NULL AND status = 'QUEUED' AND id < :before
				""", Map.of("groups", groups, "before", before.toString()), String.class);
	}

	/**
	 * Unsent queued jobs created before {@code olderThan}, oldest first, locked for this
	 * relay.
	 */
	List<UnsentJob> lockUnsent(Instant olderThan, int limit) {
		return jdbc.query(
				SELECT_UNSENT + " AND created_at < :olderThan ORDER BY created_at, id LIMIT :limit FOR UPDATE",
				Map.of("olderThan", Utc.column(olderThan), "limit", limit), JobRows::unsentJob);
	}

	/** These jobs, where still queued and unsent, locked. */
	List<UnsentJob> lockUnsent(Collection<UUID> ids) {
		return jdbc.query(SELECT_UNSENT + " AND id IN (:ids) ORDER BY id FOR UPDATE",
				Map.of("ids", ids.stream().map(UUID::toString).toList()), JobRows::unsentJob);
	}

	private static final String SELECT_UNSENT = """
			SELECT id, type, queue, message_group, attempts, trace_id FROM jobs
			WHERE sent_at IS NULL AND status = 'QUEUED'""";

	private static UnsentJob unsentJob(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		return new UnsentJob(UUID.fromString(rs.getString("id")), rs.getString("type"),
				QueueKind.valueOf(rs.getString("queue")), rs.getString("message_group"), rs.getInt("attempts"),
				rs.getString("trace_id"));
	}

	/**
	 * Records these jobs as sent, locking their rows in id order. Run it at READ
	 * COMMITTED: under REPEATABLE READ its gap locks deadlocked with concurrent
	 * dispatches' inserts (UUIDv7 ids share gaps).
	 */
	void markSent(Collection<UUID> ids, Instant now) {
		if (!ids.isEmpty()) {
			jdbc.update("UPDATE jobs SET sent_at = :now WHERE id IN (:ids) AND sent_at IS NULL",
					Map.of("now", Utc.column(now), "ids", ids.stream().map(UUID::toString).sorted().toList()));
		}
	}

	record ActiveJob(UUID id, QueueKind queue, JobStatus status) {
	}

	record UnsentJob(UUID id, String type, QueueKind queue, String messageGroup, int attempts, String traceId) {
	}

}
