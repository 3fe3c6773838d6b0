package io.jobsuite.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The local demo users' HTTP Basic headers: each user's password is their name (application.yml). */
final class DemoLogins {

	private DemoLogins() {
	}

	static String basic(String user) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
	}

}
