package io.jobsuite.worker.sync;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.jobsuite.worker.sync.ClientSource.SourceRecord;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

/** The client table and the records a sync writes. */
@Repository
class ClientSyncStore {

	// VALUES() is deprecated on MySQL 8 but is the one upsert syntax MySQL and MariaDB
	// share.
	private static final String UPSERT = """
			INSERT INTO client_records (client_id, external_id, payload, synced_at, sync_job_id)
			VALUES (:clientId, :externalId, :payload, UTC_TIMESTAMP(3), :jobId)
			ON DUPLICATE KEY UPDATE payload = VALUES(payload), synced_at = VALUES(synced_at),
			                        sync_job_id = VALUES(sync_job_id)
			""";

	private final NamedParameterJdbcTemplate jdbc;

	ClientSyncStore(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	Optional<String> sourceUrlOf(long clientId) {
		return jdbc.queryForList("SELECT source_url FROM clients WHERE id = :id", Map.of("id", clientId), String.class)
			.stream()
			.findFirst();
	}

	/**
	 * Upserts the records and moves the client's next-due time (the database's clock,
	 * which the scan compares), in the caller's (fenced) transaction.
	 */
	void save(long clientId, UUID jobId, List<SourceRecord> records) {
		SqlParameterSource[] rows = records.stream()
			.map(r -> new MapSqlParameterSource("clientId", clientId).addValue("externalId", r.externalId())
				.addValue("payload", r.json())
				.addValue("jobId", jobId.toString()))
			.toArray(SqlParameterSource[]::new);
		jdbc.batchUpdate(UPSERT, rows);
		jdbc.update("""
				UPDATE clients SET last_synced_at = UTC_TIMESTAMP(3), last_sync_job_id = :jobId,
				       next_due_at = DATE_ADD(UTC_TIMESTAMP(3), INTERVAL sync_interval_minutes MINUTE)
				WHERE id = :clientId
				""", Map.of("jobId", jobId.toString(), "clientId", clientId));
	}

}
