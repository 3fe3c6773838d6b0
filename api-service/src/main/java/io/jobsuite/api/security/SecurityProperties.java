package io.jobsuite.api.security;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Who may use the API and the admin.
 *
 * @param rolesClaim the JWT claim that lists the caller's groups, in the {@code aws}
 * profile
 * @param usernameClaim the JWT claim that names the caller; clients are owned by this
 * name (the pool's {@code sub} in AWS)
 * @param groupRoles the role each identity-provider group grants (e.g. {@code ops} to
 * {@code OPS}); other groups grant nothing
 * @param jwt which tokens the API accepts, in the {@code aws} profile
 * @param signOutUrl where Sign out sends the browser once the load balancer's session
 * cookies are cleared: the identity provider's logout (Cognito's {@code /logout} with the
 * pages' client and a registered {@code logout_uri}), which ends its own session; blank:
 * back to the start page
 * @param demoUsers users for local runs only (never in the {@code aws} profile), by name
 */
@Validated
@ConfigurationProperties("jobs.security")
record SecurityProperties(@NotBlank String rolesClaim, @NotBlank String usernameClaim, Map<String, String> groupRoles,
		@Valid Jwt jwt, String signOutUrl, Map<String, @Valid DemoUser> demoUsers) {

	SecurityProperties {
		groupRoles = groupRoles == null ? Map.of() : Map.copyOf(groupRoles);
		demoUsers = demoUsers == null ? Map.of() : demoUsers;
		signOutUrl = signOutUrl == null || signOutUrl.isBlank() ? "/" : signOutUrl;
	}

	/**
	 * The identity provider's access tokens.
	 *
	 * @param issuer the exact {@code iss} of accepted tokens (the user pool's URL)
	 * @param jwkSetUri where the signing keys are (the pool's
	 * {@code /.well-known/jwks.json})
	 * @param clientIds the app clients whose tokens are accepted ({@code client_id})
	 */
	record Jwt(@NotBlank String issuer, @NotNull URI jwkSetUri, @NotEmpty List<@NotBlank String> clientIds) {
	}

	/**
	 * A local demo user.
	 *
	 * @param password the password, from configuration (local defaults only)
	 * @param roles the roles, e.g. {@code OPS} or {@code USER}
	 */
	record DemoUser(@NotBlank String password, @NotEmpty List<String> roles) {
	}

}
