package io.jobsuite.model.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.jobsuite.model.JobStatus;
import io.jobsuite.model.Utc;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import static io.jobsuite.model.store.JobTransitions.CLAIM;
import static io.jobsuite.model.store.JobTransitions.micros;

/**
 * How a worker starts jobs: by winning one conditional UPDATE for a batch of them (see
 * {@link JobTransitions#CLAIM}), then reading what it won and why it did not win the
 * rest.
 */
public class JobClaims {

	private static final String READ = """
			SELECT id, type, status, payload, attempts, max_attempts, lease_owner, created_at,
			       attempt_started_at, client_id, message_group, overlap_key, trace_id, batch_id,
			       TIMESTAMPDIFF(MICROSECOND, UTC_TIMESTAMP(3),
			           IF(status = 'RUNNING', lease_until, not_before)) AS wait_micros
			FROM jobs WHERE id IN (:ids)
			""";

	/* FIFO order by row: a job whose group has an older active job waits its turn. */
	private static final String BEHIND_OLDER = """
			SELECT j.id FROM jobs j
			WHERE j.id IN (:ids) AND j.message_group IS NOT NULL
			  AND EXISTS (SELECT 1 FROM jobs o WHERE o.active_group = j.message_group AND o.id < j.id)
			""";

	private final NamedParameterJdbcTemplate jdbc;

	private final AttemptRecords attempts;

	private final JobTransitions transitions;

	public JobClaims(NamedParameterJdbcTemplate jdbc, JobTransitions transitions) {
		this.jdbc = jdbc;
		this.attempts = new AttemptRecords(jdbc);
		this.transitions = transitions;
	}

	/**
	 * Claims as many of these jobs as can run now for {@code owner}, a token no other
	 * claim uses; FIFO jobs only when no older job of their group is active.
	 */
	public Map<UUID, ClaimResult> claim(Collection<UUID> ids, String owner, Duration lease, boolean fifo) {
		return Deadlocks.retried(() -> claimAs(owner, AttemptRecords.keys(ids), lease, fifo));
	}

	private Map<UUID, ClaimResult> claimAs(String owner, List<String> ids, Duration lease, boolean fifo) {
		Map<UUID, ClaimResult> results = new HashMap<>();
		List<String> claimable = ids;
		if (fifo) {
			Set<String> behind = new HashSet<>(jdbc.queryForList(BEHIND_OLDER, Map.of("ids", ids), String.class));
			behind.forEach(id -> results.put(UUID.fromString(id), new ClaimResult.BehindOlder()));
			claimable = ids.stream().filter(id -> !behind.contains(id)).toList();
		}
		if (claimable.isEmpty()) {
			return results;
		}
		attempts.recordAbandoned(claimable);
		MapSqlParameterSource params = new MapSqlParameterSource("ids", claimable).addValue("owner", owner)
			.addValue("leaseMicros", micros(lease));
		jdbc.update(CLAIM.sql(), params);
		Exhausted exhausted = new Exhausted(new HashSet<>(), new HashMap<>());
		List<String> expiredLast = read(claimable, owner, results, exhausted);
		// Rare (a worker died on a last attempt), so the common claim stays three
		// statements: only then is the job failed (its batch moved on in the same
		// transaction), and read again.
		if (!expiredLast.isEmpty()) {
			transitions.failExpired(params.addValue("ids", expiredLast), () -> {
				read(expiredLast, owner, results, exhausted);
				return exhausted.batches();
			});
			transitions.wake(exhausted.groups());
		}
		ids.forEach(id -> results.putIfAbsent(UUID.fromString(id), new ClaimResult.Missing()));
		return results;
	}

	/**
	 * Reads what became of these jobs for {@code owner} (adding the FIFO groups and
	 * batches of the ones it failed); answers the ones that another claim holds with an
	 * expired lease on their last attempt.
	 */
	private List<String> read(List<String> ids, String owner, Map<UUID, ClaimResult> results, Exhausted exhausted) {
		List<String> expiredLast = new ArrayList<>();
		jdbc.query(READ, Map.of("ids", ids), rs -> {
			UUID id = UUID.fromString(rs.getString("id"));
			JobStatus status = JobStatus.valueOf(rs.getString("status"));
			boolean ours = owner.equals(rs.getString("lease_owner"));
			long waitMicros = rs.getLong("wait_micros");
			if (status == JobStatus.RUNNING && ours) {
				long clientId = rs.getLong("client_id");
				results.put(id, new ClaimResult.Won(new ClaimedJob(id, rs.getString("type"), rs.getString("payload"),
						rs.getInt("attempts"), rs.getInt("max_attempts"), owner, Utc.instant(rs, "attempt_started_at"),
						Utc.instant(rs, "created_at"), rs.wasNull() ? null : clientId, rs.getString("message_group"),
						rs.getString("overlap_key"), rs.getString("trace_id"), batch(rs.getString("batch_id")))));
			}
			else if (status == JobStatus.FAILED && ours) {
				results.put(id, new ClaimResult.Exhausted());
				if (rs.getString("message_group") != null) {
					exhausted.groups().add(rs.getString("message_group"));
				}
				if (rs.getString("batch_id") != null) {
					exhausted.batches().put(id, batch(rs.getString("batch_id")));
				}
			}
			else if (status.isTerminal()) {
				results.put(id, new ClaimResult.Finished());
			}
			else {
				if (status == JobStatus.RUNNING && waitMicros < 0
						&& rs.getInt("attempts") >= rs.getInt("max_attempts")) {
					expiredLast.add(id.toString());
				}
				results.put(id, new ClaimResult.Busy(Duration.ofNanos(Math.max(0, waitMicros) * 1_000)));
			}
		});
		return expiredLast;
	}

	private static UUID batch(String id) {
		return id == null ? null : UUID.fromString(id);
	}

	/**
	 * The jobs a claim failed: their FIFO groups, and the batches (by job) they belong
	 * to.
	 */
	private record Exhausted(Set<String> groups, Map<UUID, UUID> batches) {
	}

}
