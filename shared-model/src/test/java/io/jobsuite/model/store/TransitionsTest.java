package io.jobsuite.model.store;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.jobsuite.model.JobStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statements against the lifecycle: each statement's WHERE admits exactly the
 * statuses it declares and its SET writes exactly the ones it declares, every declared
 * move is one {@link JobStatus} allows, and every move {@link JobStatus} allows is made
 * by some statement. The table and the SQL cannot drift apart.
 */
class TransitionsTest {

	private static final Pattern STATUS_LITERALS = Pattern.compile("status\\s*(?:=\\s*'(\\w+)'|IN\\s*\\(([^)]*)\\))");

	@Test
	void eachStatementsWhereAdmitsExactlyItsDeclaredStatuses() {
		for (Transition transition : JobTransitions.ALL) {
			assertThat(statuses(where(transition.sql()))).as(transition.name()).isEqualTo(transition.from());
		}
	}

	@Test
	void eachStatementsSetWritesExactlyItsDeclaredStatuses() {
		for (Transition transition : JobTransitions.ALL) {
			String set = set(transition.sql());
			Set<JobStatus> written = statuses(set);
			if (set.contains("status = :status")) {
				assertThat(transition.to()).as(transition.name() + " writes a status it is given")
					.hasSizeGreaterThan(1);
			}
			else {
				assertThat(written).as(transition.name()).isEqualTo(transition.to());
			}
		}
	}

	@Test
	void everyDeclaredMoveIsOneTheLifecycleAllows() {
		for (Transition transition : JobTransitions.ALL) {
			for (JobStatus from : transition.from()) {
				for (JobStatus to : transition.to()) {
					assertThat(from.canMoveTo(to)).as(transition.name() + ": " + from + " -> " + to).isTrue();
				}
			}
		}
	}

	@Test
	void everyMoveTheLifecycleAllowsIsMadeBySomeStatement() {
		Set<String> made = new HashSet<>();
		JobTransitions.ALL.forEach(t -> t.from().forEach(from -> t.to().forEach(to -> made.add(from + "->" + to))));
		for (JobStatus from : JobStatus.values()) {
			for (JobStatus to : JobStatus.values()) {
				if (from.canMoveTo(to)) {
					assertThat(made).as("a statement for " + from + " -> " + to).contains(from + "->" + to);
				}
			}
		}
	}

	private static String where(String sql) {
		return sql.substring(sql.indexOf("WHERE"));
	}

	private static String set(String sql) {
		return sql.substring(sql.indexOf("SET"), sql.indexOf("WHERE"));
	}

	private static Set<JobStatus> statuses(String clause) {
		Set<JobStatus> statuses = EnumSet.noneOf(JobStatus.class);
		Matcher matcher = STATUS_LITERALS.matcher(clause);
		while (matcher.find()) {
			if (matcher.group(1) != null) {
				statuses.add(JobStatus.valueOf(matcher.group(1)));
			}
			else {
				for (String literal : matcher.group(2).split(",")) {
					statuses.add(JobStatus.valueOf(literal.trim().replace("'", "")));
				}
			}
		}
		return statuses;
	}

}
