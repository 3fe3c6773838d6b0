package io.jobsuite.api.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;

import io.jobsuite.model.JobStatus;
import io.jobsuite.model.JobType;
import io.jobsuite.model.JobTypes;
import io.jobsuite.model.dispatch.OutboxProperties;
import io.jobsuite.model.dispatch.OutboxRelay;
import io.jobsuite.model.store.JobTransitions;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Ops actions on jobs, each one conditional UPDATE so that it cannot race a worker: retry
 * a FAILED job (back to QUEUED with its type's attempts again, sent at once through the
 * outbox) or move it back to scheduled (due later), and cancel a QUEUED one.
 */
@Service
public class JobRetries {

	private static final int MAX_BULK_RETRY = 10_000;

	private final NamedParameterJdbcTemplate jdbc;

	private final OutboxRelay outbox;

	private final JobSearches searches;

	private final JobTransitions transitions;

	private final OutboxProperties properties;

	JobRetries(NamedParameterJdbcTemplate jdbc, OutboxRelay outbox, JobSearches searches, JobTransitions transitions,
			OutboxProperties properties) {
		this.jdbc = jdbc;
		this.outbox = outbox;
		this.searches = searches;
		this.transitions = transitions;
		this.properties = properties;
	}

	/**
	 * Retries every FAILED job the search matches (whatever status it names), the newest
	 * 10,000 at most; error text within the search's scope, as the search shows it.
	 */
	public BulkRetry retryMatching(JobSearch search) {
		JobSearch failed = new JobSearch(JobStatus.FAILED.name(), search.type(), search.queue(), search.clientId(),
				search.error(), search.from(), search.to());
		List<UUID> ids = searches.newest(failed, MAX_BULK_RETRY)
			.stream()
			.map(job -> UUID.fromString(job.getId()))
			.toList();
		return new BulkRetry(ids.size(), retry(ids).size());
	}

	/**
	 * Retries those of these jobs that are FAILED; returns the ids that were requeued.
	 */
	public List<UUID> retry(Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		List<UUID> requeued = new ArrayList<>();
		failed(ids, (id, grant) -> {
			if (requeue(id, grant, Duration.ZERO)) {
				requeued.add(id);
			}
		});
		outbox.sendNow(requeued);
		return requeued;
	}

	/**
	 * Moves a FAILED job back to scheduled, due after {@code delay} (the relay sends it
	 * then); false when it is not FAILED.
	 */
	public boolean schedule(UUID id, Duration delay) {
		List<UUID> scheduled = new ArrayList<>();
		failed(List.of(id), (failed, grant) -> {
			if (requeue(failed, grant, delay)) {
				scheduled.add(failed);
			}
		});
		return !scheduled.isEmpty();
	}

	/** Each FAILED job among these, with the attempts its type grants. */
	private void failed(Collection<UUID> ids, BiConsumer<UUID, Integer> action) {
		jdbc.query("SELECT id, type FROM jobs WHERE id IN (:ids) AND status = 'FAILED'",
				Map.of("ids", ids.stream().map(UUID::toString).toList()), rs -> {
					action.accept(UUID.fromString(rs.getString("id")),
							JobTypes.find(rs.getString("type")).map(JobType::maxAttempts).orElse(1));
				});
	}

	/**
	 * Cancels a job that waits (QUEUED or RETRYING); false when it is running or over.
	 */
	public boolean cancel(UUID id) {
		return transitions.cancel(id, "cancelled by ops");
	}

	/**
	 * What a bulk retry did.
	 *
	 * @param matched failed jobs that matched
	 * @param retried those requeued (the others' unique keys are held by active jobs)
	 */
	public record BulkRetry(int matched, int retried) {
	}

	private boolean requeue(UUID id, int grant, Duration delay) {
		try {
			// The relay sends it if the send right after this does not.
			return transitions.retryFailed(id, grant, delay, properties.relayAfter());
		}
		catch (DuplicateKeyException ex) {
			// Its unique key is held by another active job: that job already does the
			// work.
			return false;
		}
	}

}
