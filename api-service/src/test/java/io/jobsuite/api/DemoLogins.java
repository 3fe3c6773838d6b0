package io.jobsuite.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The local demo users' HTTP Basic headers: each user's password is their name (application.yml). */
final class DemoLogins {

	private DemoLogins() {
	}

	static String basic(String user) {
		return basic(user, user);
	}

	static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

}
