package io.jobsuite.api.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Masks what varies between failures of the same kind (ids, numbers, quoted values) so
 * they group, and names a group by a short id that fits a URL.
 */
final class Fingerprints {

	private static final Pattern UUID = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");

	private static final Pattern NUMBER = Pattern.compile("\\d+");

	private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");

	private Fingerprints() {
	}

	static String of(String reason) {
		String masked = UUID.matcher(reason).replaceAll("<id>");
		masked = QUOTED.matcher(masked).replaceAll("<value>");
		masked = NUMBER.matcher(masked).replaceAll("<n>");
		return masked.length() > 200 ? masked.substring(0, 200) : masked;
	}

	/** The fingerprint's id: the first 16 hex digits of its SHA-256. */
	static String idOf(String fingerprint) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(fingerprint.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 8);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

	/** Whether {@code id} has the shape of a fingerprint id. */
	static boolean isId(String id) {
		return id != null && ID.matcher(id).matches();
	}

}
