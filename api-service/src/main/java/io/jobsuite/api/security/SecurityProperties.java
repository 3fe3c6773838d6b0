package io.jobsuite.api.security;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Who may use the API and the admin.
 *
 * @param rolesClaim the JWT claim that lists the caller's roles (groups), in the
 * {@code aws} profile
 * @param usernameClaim the JWT claim that names the caller; clients are owned by this
 * name
 * @param demoUsers users for local runs only (never in the {@code aws} profile), by name
 */
@Validated
@ConfigurationProperties("jobs.security")
record SecurityProperties(@NotBlank String rolesClaim, @NotBlank String usernameClaim,
		Map<String, @Valid DemoUser> demoUsers) {

	SecurityProperties {
		demoUsers = demoUsers == null ? Map.of() : demoUsers;
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
