package io.jobsuite.api.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * The roles the suite knows. Ops see and act on everything; users only on the clients
 * they own.
 */
public final class Roles {

	/** Operations: the admin and every client and job. */
	public static final String OPS = "OPS";

	/** A client owner: their own clients and jobs. */
	public static final String USER = "USER";

	private Roles() {
	}

	public static boolean isOps(Authentication authentication) {
		return authentication != null && authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.anyMatch(("ROLE_" + OPS)::equals);
	}

}
