package io.jobsuite.api.jobs;

import java.util.regex.Pattern;

/**
 * A job's errors as a user (not ops) sees them: an exception class and a message on one
 * line, without stack frames, and without SQL: a database error's message, or any message
 * that quotes a statement (drivers and frameworks do), is replaced. The job row and its
 * attempts keep the full text, which ops see in the admin and the API.
 */
final class UserFacingErrors {

	static final String HIDDEN = "a database error (ops see its details)";

	private static final int MAX_LENGTH = 300;

	private static final Pattern DATABASE_CLASS = Pattern.compile(
			"^(java\\.sql|javax\\.sql|org\\.springframework\\.(dao|jdbc|orm)|org\\.hibernate|jakarta\\.persistence|com\\.mysql|org\\.mariadb|com\\.zaxxer)\\.");

	private static final Pattern SQL = Pattern.compile("(?is)\\bselect\\b.*\\bfrom\\b|\\binsert\\s+into\\b"
			+ "|\\bupdate\\b.*\\bset\\b|\\bdelete\\s+from\\b|\\breplace\\s+into\\b|\\bsql\\b\\s*(syntax|statement|\\[)");

	private static final Pattern CLASS_NAME = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$.]*");

	private UserFacingErrors() {
	}

	/** An attempt's message, given its exception class. */
	static String message(String errorClass, String message) {
		if (message == null) {
			return null;
		}
		if ((errorClass != null && DATABASE_CLASS.matcher(errorClass).find()) || SQL.matcher(message).find()) {
			return HIDDEN;
		}
		String line = message.lines().findFirst().orElse("");
		return line.length() > MAX_LENGTH ? line.substring(0, MAX_LENGTH) + "…" : line;
	}

	/**
	 * A job's last error: {@code class: message} and stack frames when a handler threw,
	 * else a sentence (a lease that expired, a cancellation).
	 */
	static String lastError(String lastError) {
		if (lastError == null) {
			return null;
		}
		String line = lastError.lines().findFirst().orElse("");
		int colon = line.indexOf(": ");
		String errorClass = colon < 0 ? null : line.substring(0, colon);
		if (errorClass == null || !CLASS_NAME.matcher(errorClass).matches()) {
			return message(null, line);
		}
		return errorClass + ": " + message(errorClass, line.substring(colon + 2));
	}

}
