package io.jobsuite.scheduler.recurring;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import io.jobsuite.model.recurring.RecurringJob;

/**
 * Which occurrences of a recurring job are due, from its cursor and the database's now: a
 * pure function, so every case is a unit test.
 */
final class Occurrences {

	/**
	 * Occurrences looked at in one plan at most: a per-second cron behind by a day is
	 * 86,400. Further behind, the plan moves the cursor this far and the next tick goes
	 * on.
	 */
	static final int MAX_WALK = 100_000;

	private Occurrences() {
	}

	static Plan plan(RecurringJob job, Instant cursor, Instant now) {
		Deque<Instant> kept = new ArrayDeque<>();
		long due = 0;
		Instant next = job.next(cursor);
		while (next != null && !next.isAfter(now)) {
			if (due == MAX_WALK) {
				return new Plan.FarBehind(kept.getLast(), due);
			}
			due++;
			kept.addLast(next);
			if (kept.size() > job.missed().max()) {
				kept.removeFirst();
			}
			next = job.next(next);
		}
		return due == 0 ? new Plan.UpToDate(next) : new Plan.Due(List.copyOf(kept), due - kept.size());
	}

	/** What to do about a recurring job now. */
	sealed interface Plan {

		/**
		 * Nothing is due.
		 *
		 * @param next the next occurrence, or null if the cron has none
		 */
		record UpToDate(Instant next) implements Plan {
		}

		/**
		 * Create these occurrences, oldest first; the missed policy left out the older
		 * ones.
		 *
		 * @param create the occurrences to create
		 * @param skipped due occurrences left out
		 */
		record Due(List<Instant> create, long skipped) implements Plan {
		}

		/**
		 * So far behind that only moving the cursor is planned.
		 *
		 * @param skipTo the cursor's new place
		 * @param skipped occurrences passed over
		 */
		record FarBehind(Instant skipTo, long skipped) implements Plan {
		}

	}

}
