package io.jobsuite.api.security;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.NoOpPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Everything but health needs a login. The JSON API ({@code /api/**}) is stateless (HTTP
 * Basic locally, a JWT bearer token in AWS), so it has no CSRF token; the pages keep a
 * session and CSRF-protect every form. The admin and the Actuator (but health) need the
 * OPS role.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; "
			+ "style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'";

	private static final DefaultBearerTokenResolver API_TOKENS = new DefaultBearerTokenResolver();

	@Bean
	@Order(1)
	SecurityFilterChain apiSecurity(HttpSecurity http, LoginMethod login) throws Exception {
		http.securityMatcher("/api/**")
			.authorizeHttpRequests(requests -> requests.requestMatchers("/api/admin/**")
				.hasRole(Roles.OPS)
				// Enqueueing any job type is a service's or an operator's tool; users
				// have Sync Now.
				.requestMatchers(HttpMethod.POST, "/api/jobs")
				.hasRole(Roles.OPS)
				.anyRequest()
				.authenticated())
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(csrf -> csrf.disable())
			.headers(SecurityConfiguration::headers);
		login.api(http);
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain pageSecurity(HttpSecurity http, LoginMethod login) throws Exception {
		http.authorizeHttpRequests(requests -> requests.requestMatchers(EndpointRequest.to("health"))
			.permitAll()
			.requestMatchers("/error", "/login", "/app.css")
			.permitAll()
			.requestMatchers(EndpointRequest.toAnyEndpoint())
			.hasRole(Roles.OPS)
			.requestMatchers("/admin/**")
			.hasRole(Roles.OPS)
			.anyRequest()
			.authenticated()).headers(SecurityConfiguration::headers);
		login.pages(http);
		return http.build();
	}

	private static void headers(HeadersConfigurer<HttpSecurity> headers) {
		headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
			.referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
			.frameOptions(frames -> frames.deny());
	}

	/**
	 * The Authorization header's token, else the one an ALB's Cognito login forwards;
	 * either is verified.
	 */
	private static String pageToken(HttpServletRequest request) {
		String token = API_TOKENS.resolve(request);
		return token != null ? token : request.getHeader("x-amzn-oidc-accesstoken");
	}

	/**
	 * How callers prove who they are: differs between AWS and local runs, nothing else
	 * does.
	 */
	interface LoginMethod {

		void api(HttpSecurity http) throws Exception;

		void pages(HttpSecurity http) throws Exception;

	}

	/**
	 * Local runs: documented demo users, a login form for the pages and HTTP Basic for
	 * the API and scrapes. Their passwords come from configuration and are only local
	 * defaults, so they are kept as given.
	 */
	@Configuration(proxyBeanMethods = false)
	@Profile("!aws")
	static class DemoUsers {

		@Bean
		InMemoryUserDetailsManager demoUserDetails(SecurityProperties properties) {
			List<UserDetails> users = properties.demoUsers()
				.entrySet()
				.stream()
				.map(user -> User.withUsername(user.getKey())
					.password("{noop}" + user.getValue().password())
					.roles(user.getValue().roles().toArray(String[]::new))
					.build())
				.toList();
			return new InMemoryUserDetailsManager(users);
		}

		/**
		 * Reads the demo users' {@code {noop}} passwords. Without it the default encoder
		 * hashes a dummy password with BCrypt on HTTP Basic logins (timing-attack
		 * protection), which took most of the API's CPU under a burst of Sync Nows; here
		 * found and unknown users cost the same without it.
		 */
		@Bean
		@SuppressWarnings("deprecation")
		PasswordEncoder demoPasswordEncoder() {
			return new DelegatingPasswordEncoder("noop", Map.of("noop", NoOpPasswordEncoder.getInstance()));
		}

		@Bean
		LoginMethod formAndBasicLogin() {
			return new LoginMethod() {
				@Override
				public void api(HttpSecurity http) throws Exception {
					http.httpBasic(Customizer.withDefaults());
				}

				@Override
				public void pages(HttpSecurity http) throws Exception {
					http.formLogin(Customizer.withDefaults()).httpBasic(Customizer.withDefaults());
				}
			};
		}

	}

	/**
	 * AWS: a JWT from the identity provider (Cognito) on every request, pages included
	 * (the load balancer's Cognito login forwards the token). The issuer comes from
	 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}; roles from a claim.
	 */
	@Configuration(proxyBeanMethods = false)
	@Profile("aws")
	static class IdentityProvider {

		@Bean
		JwtAuthenticationConverter jwtAuthenticationConverter(SecurityProperties properties) {
			JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
			roles.setAuthoritiesClaimName(properties.rolesClaim());
			roles.setAuthorityPrefix("ROLE_");
			JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
			converter.setJwtGrantedAuthoritiesConverter(roles);
			converter.setPrincipalClaimName(properties.usernameClaim());
			return converter;
		}

		@Bean
		LoginMethod bearerTokenLogin(JwtAuthenticationConverter converter) {
			return new LoginMethod() {
				@Override
				public void api(HttpSecurity http) throws Exception {
					http.oauth2ResourceServer(server -> server.jwt(jwt -> jwt.jwtAuthenticationConverter(converter)));
				}

				@Override
				public void pages(HttpSecurity http) throws Exception {
					http.oauth2ResourceServer(server -> server.bearerTokenResolver(SecurityConfiguration::pageToken)
						.jwt(jwt -> jwt.jwtAuthenticationConverter(converter)));
				}
			};
		}

	}

}
