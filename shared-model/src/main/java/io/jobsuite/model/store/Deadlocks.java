package io.jobsuite.model.store;

import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.PessimisticLockingFailureException;

/**
 * Runs a claim or a completion again when InnoDB picked it as a deadlock victim, instead
 * of failing the batch and leaving its messages hidden for a whole lease. Both are safe
 * to repeat: the claim keeps its owner token, so rows it already won are found again, and
 * a rolled-back completion wrote nothing.
 */
final class Deadlocks {

	private static final Logger log = LoggerFactory.getLogger(Deadlocks.class);

	private static final int TRIES = 3;

	private Deadlocks() {
	}

	static <T> T retried(Supplier<T> work) {
		for (int attempt = 1;; attempt++) {
			try {
				return work.get();
			}
			catch (PessimisticLockingFailureException ex) {
				if (attempt == TRIES) {
					throw ex;
				}
				log.info("Deadlock victim, trying again ({} of {}): {}", attempt, TRIES, ex.getMessage());
			}
		}
	}

}
