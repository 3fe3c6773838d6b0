package io.jobsuite.api.jobs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What users see of a job's errors. */
class UserFacingErrorsTest {

	@Test
	void aHandlersErrorKeepsItsClassAndTheFirstLineOfItsMessage() {
		assertThat(UserFacingErrors.lastError("java.io.IOException: HTTP 503 from the source\n"
				+ "at io.jobsuite.worker.sync.ClientSync.fetch(ClientSync.java:7)\ncaused by x"))
			.isEqualTo("java.io.IOException: HTTP 503 from the source");
		assertThat(UserFacingErrors.message("java.io.IOException", "first\nsecond")).isEqualTo("first");
	}

	@Test
	void databaseErrorsAndMessagesThatQuoteSqlAreHidden() {
		assertThat(UserFacingErrors.message("org.springframework.dao.DataIntegrityViolationException",
				"Duplicate entry 'x' for key 'PRIMARY'"))
			.isEqualTo(UserFacingErrors.HIDDEN);
		assertThat(UserFacingErrors.message("java.sql.SQLSyntaxErrorException", "You have an error"))
			.isEqualTo(UserFacingErrors.HIDDEN);
		assertThat(UserFacingErrors.message("java.lang.RuntimeException",
				"You have an error in your SQL syntax; check the manual near 'FROM x' at line 1"))
			.isEqualTo(UserFacingErrors.HIDDEN);
		assertThat(UserFacingErrors.message("java.lang.IllegalStateException",
				"could not execute [update jobs set status=? where id=?]"))
			.isEqualTo(UserFacingErrors.HIDDEN);
		assertThat(UserFacingErrors.message("java.lang.IllegalStateException", "select * from secrets"))
			.isEqualTo(UserFacingErrors.HIDDEN);
		assertThat(UserFacingErrors.lastError("org.hibernate.exception.SQLGrammarException: could not prepare"))
			.isEqualTo("org.hibernate.exception.SQLGrammarException: " + UserFacingErrors.HIDDEN);
	}

	@Test
	void sentencesStayAsTheyAreAndLongMessagesAreCut() {
		String expired = "The lease of its last attempt expired: its worker died or stalled";
		assertThat(UserFacingErrors.lastError(expired)).isEqualTo(expired);
		assertThat(UserFacingErrors.message("java.lang.RuntimeException", "x".repeat(1_000))).hasSize(301);
		assertThat(UserFacingErrors.message("java.lang.RuntimeException", "Please update the settings of your source"))
			.as("words, not SQL")
			.isEqualTo("Please update the settings of your source");
		assertThat(UserFacingErrors.message(null, null)).isNull();
	}

}
