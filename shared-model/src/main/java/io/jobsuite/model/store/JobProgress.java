package io.jobsuite.model.store;

import java.math.BigDecimal;
import java.math.RoundingMode;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The progress a running attempt reports on its job row. The write is fenced like every
 * other write of a handler, in its own WHERE clause: a stale attempt (its lease expired
 * or taken over) matches no row and cannot overwrite a newer attempt's progress. A claim
 * clears it ({@link JobTransitions#CLAIM}).
 */
public class JobProgress {

	/** The longest message the column holds; longer ones are cut. */
	public static final int MESSAGE_LENGTH = 200;

	private static final String REPORT = "UPDATE jobs SET progress = :fraction, progress_message = :message,"
			+ " progress_at = UTC_TIMESTAMP(3) WHERE " + JobTransitions.LEASE_HELD;

	private final NamedParameterJdbcTemplate jdbc;

	public JobProgress(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Writes the progress of this claim's attempt; false (nothing written) when the claim
	 * no longer holds its lease.
	 * @param fraction how much is done, from 0 to 1
	 * @param message a short note for people, or null; cut to {@value #MESSAGE_LENGTH}
	 * characters
	 */
	public boolean report(ClaimedJob job, double fraction, String message) {
		checkFraction(fraction);
		return jdbc.update(REPORT,
				new MapSqlParameterSource(JobTransitions.fenced(job))
					.addValue("fraction", BigDecimal.valueOf(fraction).setScale(4, RoundingMode.HALF_UP))
					.addValue("message", cut(message))) == 1;
	}

	/** Refuses a fraction outside 0 to 1 (or NaN) with an IllegalArgumentException. */
	public static void checkFraction(double fraction) {
		if (!(fraction >= 0 && fraction <= 1)) {
			throw new IllegalArgumentException("Progress is a fraction from 0 to 1, not " + fraction);
		}
	}

	private static String cut(String message) {
		if (message == null || message.length() <= MESSAGE_LENGTH) {
			return message;
		}
		// Never split a surrogate pair: half a character is not valid utf8mb4.
		int end = Character.isHighSurrogate(message.charAt(MESSAGE_LENGTH - 1)) ? MESSAGE_LENGTH - 1 : MESSAGE_LENGTH;
		return message.substring(0, end);
	}

}
