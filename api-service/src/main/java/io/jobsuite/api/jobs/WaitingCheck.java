package io.jobsuite.api.jobs;

import java.time.Instant;
import java.util.Optional;

/**
 * One thing an active job can wait for that another row holds. Every bean of this type is
 * asked in its {@code @Order}, before the job's own times (backoff, delay) and the
 * default (waiting for a worker); the first answer wins. Checks must do bounded work (an
 * index lookup or a LIMIT 1). Waits still to come (a permit of an upstream or job type, a
 * batch's dependencies) plug in here: a bean, and a record in {@link WaitingReason}.
 */
public interface WaitingCheck {

	/** Built-in orders: the FIFO group first (it decides before any lock is tried). */
	int FIFO_GROUP = 100;

	int OVERLAP_LOCK = 200;

	/** Why {@code job} waits, if this check holds it. */
	Optional<WaitingReason> check(Row job);

	/**
	 * The waiting job's row as the checks need it.
	 *
	 * @param id the job
	 * @param type its type
	 * @param messageGroup its FIFO group, or null
	 * @param overlapKey its overlap key, or null
	 * @param now the database's clock when the row was read
	 */
	record Row(String id, String type, String messageGroup, String overlapKey, Instant now) {
	}

}
