package io.jobsuite.api.admin;

import java.util.List;
import java.util.UUID;

import io.jobsuite.model.QueueKind;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Retries a FAILED job and deletes its dead letter: once the job runs again its dead
 * letter is done with, and left there it would keep the dead-letter alarm red and be
 * redriven a second time.
 */
@Service
class DeadLetterRetries {

	private final JobRetries retries;

	private final DeadLetterQueues deadLetters;

	private final JdbcTemplate jdbc;

	DeadLetterRetries(JobRetries retries, DeadLetterQueues deadLetters, JdbcTemplate jdbc) {
		this.retries = retries;
		this.deadLetters = deadLetters;
		this.jdbc = jdbc;
	}

	/**
	 * Retries the job if it FAILED; answers whether it did and how many dead letters it
	 * deleted.
	 */
	Retried retry(UUID id) {
		List<UUID> retried = retries.retry(List.of(id));
		if (retried.isEmpty()) {
			return new Retried(false, 0);
		}
		String queue = jdbc.queryForObject("SELECT queue FROM jobs WHERE id = ?", String.class, id.toString());
		return new Retried(true, deadLetters.clear(QueueKind.valueOf(queue), retried));
	}

	/**
	 * A retry.
	 *
	 * @param retried whether the job was FAILED and is queued again
	 * @param deadLettersDeleted its dead letters deleted (none when it had none left)
	 */
	record Retried(boolean retried, int deadLettersDeleted) {
	}

}
