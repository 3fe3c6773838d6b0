package io.jobsuite.model.dispatch;

import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * A dispatched batch: its id, and the id of each of its jobs under the key the dispatch
 * named it by.
 */
public record DispatchedBatch(UUID batchId, Map<String, UUID> jobIds) {

	public DispatchedBatch {
		jobIds = Map.copyOf(jobIds);
	}

	/** The id of the job added under {@code key}. */
	public UUID jobId(String key) {
		UUID id = jobIds.get(key);
		if (id == null) {
			throw new NoSuchElementException("No job under key " + key + " in batch " + batchId);
		}
		return id;
	}

}
