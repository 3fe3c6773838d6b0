package io.jobsuite.api.admin;

import java.util.regex.Pattern;

/**
 * Masks what varies between failures of the same kind (ids, numbers, quoted values) so
 * they group.
 */
final class Fingerprints {

	private static final Pattern UUID = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");

	private static final Pattern NUMBER = Pattern.compile("\\d+");

	private Fingerprints() {
	}

	static String of(String reason) {
		String masked = UUID.matcher(reason).replaceAll("<id>");
		masked = QUOTED.matcher(masked).replaceAll("<value>");
		masked = NUMBER.matcher(masked).replaceAll("<n>");
		return masked.length() > 200 ? masked.substring(0, 200) : masked;
	}

}
