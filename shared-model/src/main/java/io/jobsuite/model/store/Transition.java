package io.jobsuite.model.store;

import java.util.EnumSet;
import java.util.Set;

import io.jobsuite.model.JobStatus;

/**
 * One status-changing statement and the moves it makes: from each status its WHERE admits
 * to each status its SET writes. {@code TransitionsTest} reads the SQL against these sets
 * and the sets against {@link JobStatus#canMoveTo}, so that the lifecycle and the
 * statements cannot drift apart.
 *
 * @param name what the move is called
 * @param from the statuses the WHERE clause admits
 * @param to the statuses the SET clause may write (empty: the status stays)
 * @param sql the statement
 */
public record Transition(String name, Set<JobStatus> from, Set<JobStatus> to, String sql) {

	static Transition of(String name, Set<JobStatus> from, Set<JobStatus> to, String sql) {
		return new Transition(name, Set.copyOf(from), to.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(to)), sql);
	}

}
