package io.jobsuite.api.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.logout.CookieClearingLogoutHandler;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.NoOpPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Everything but health needs a login and a role (USER or OPS). The JSON API
 * ({@code /api/**}) is stateless and reads credentials only from the Authorization header
 * (HTTP Basic locally, a bearer token in AWS), which a browser never adds to a cross-site
 * request, so it has no CSRF token. The pages CSRF-protect every form, whatever carries
 * the login: a session cookie locally, the load balancer's forwarded token in AWS (the
 * browser's ALB cookie rides along on a cross-site POST, so that token alone proves
 * nothing). The admin and the Actuator (but health) need the OPS role.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; "
			+ "style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'";

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
				// A batch holds jobs of any client.
				.requestMatchers("/api/batches", "/api/batches/**")
				.hasRole(Roles.OPS)
				.anyRequest()
				.hasAnyRole(Roles.USER, Roles.OPS))
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
			.requestMatchers("/error", "/login", "/app.css", "/app.js")
			.permitAll()
			.requestMatchers(EndpointRequest.toAnyEndpoint())
			.hasRole(Roles.OPS)
			.requestMatchers("/admin/**")
			.hasRole(Roles.OPS)
			.anyRequest()
			.hasAnyRole(Roles.USER, Roles.OPS)).headers(SecurityConfiguration::headers);
		login.pages(http);
		return http.build();
	}

	private static void headers(HeadersConfigurer<HttpSecurity> headers) {
		headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
			.referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
			.frameOptions(frames -> frames.deny());
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
	 * AWS: an access token from the identity provider (Cognito) on every request. The API
	 * takes it from the Authorization header; the pages from the header the load
	 * balancer's Cognito login adds, under CSRF protection. A token counts only if its
	 * signature, issuer, expiry, {@code token_use} and {@code client_id} all check out;
	 * roles come from its groups.
	 */
	@Configuration(proxyBeanMethods = false)
	@Profile("aws")
	static class IdentityProvider {

		/** What the load balancer's authenticate-cognito action forwards. */
		static final String ALB_ACCESS_TOKEN = "x-amzn-oidc-accesstoken";

		/**
		 * The load balancer's session: one cookie, split into numbered shards of 4 KB
		 * when larger (up to four).
		 */
		static final String[] ALB_SESSION_COOKIES = { "AWSELBAuthSessionCookie-0", "AWSELBAuthSessionCookie-1",
				"AWSELBAuthSessionCookie-2", "AWSELBAuthSessionCookie-3" };

		/** Clock skew allowed on {@code exp} and {@code nbf}. */
		private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

		@Bean
		JwtDecoder jwtDecoder(SecurityProperties properties) {
			SecurityProperties.Jwt jwt = Objects.requireNonNull(properties.jwt(),
					"jobs.security.jwt (JWT_ISSUER_URI, JWT_CLIENT_IDS) is required in the aws profile");
			NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwt.jwkSetUri().toString())
				.jwsAlgorithm(SignatureAlgorithm.RS256)
				.build();
			decoder.setJwtValidator(validator(jwt));
			return decoder;
		}

		/**
		 * Cognito access tokens carry no {@code aud}: the app client is
		 * {@code client_id}. ID tokens ({@code token_use=id}) are refused: they are for
		 * the client, not for APIs.
		 */
		static OAuth2TokenValidator<Jwt> validator(SecurityProperties.Jwt jwt) {
			Set<String> clients = Set.copyOf(jwt.clientIds());
			return new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(CLOCK_SKEW),
					new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
					new JwtIssuerValidator(jwt.issuer()), new JwtClaimValidator<String>("token_use", "access"::equals),
					new JwtClaimValidator<String>("client_id", clients::contains));
		}

		@Bean
		JwtAuthenticationConverter jwtAuthenticationConverter(SecurityProperties properties) {
			JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
			converter.setJwtGrantedAuthoritiesConverter(token -> groupRoles(token, properties));
			converter.setPrincipalClaimName(properties.usernameClaim());
			return converter;
		}

		/** The roles the token's groups map to; unknown groups grant nothing. */
		private static Collection<GrantedAuthority> groupRoles(Jwt token, SecurityProperties properties) {
			List<String> groups = token.hasClaim(properties.rolesClaim())
					? token.getClaimAsStringList(properties.rolesClaim()) : List.of();
			return groups.stream()
				.map(properties.groupRoles()::get)
				.filter(Objects::nonNull)
				.distinct()
				.<GrantedAuthority>map(role -> new SimpleGrantedAuthority("ROLE_" + role))
				.toList();
		}

		@Bean
		LoginMethod bearerTokenLogin(JwtDecoder decoder, JwtAuthenticationConverter converter,
				SecurityProperties properties) {
			return new LoginMethod() {
				@Override
				public void api(HttpSecurity http) throws Exception {
					http.oauth2ResourceServer(server -> server.jwt(jwt -> jwt.jwtAuthenticationConverter(converter)));
				}

				/**
				 * Not through oauth2ResourceServer(): it would exempt every request
				 * carrying a token from CSRF, and here the token is added by the load
				 * balancer to any request the browser sends, cross-site ones included.
				 * The CSRF token sits in a cookie because the load balancer may send the
				 * next request to another instance. Sign out (a CSRF-checked POST) clears
				 * the load balancer's session cookies, as AWS prescribes, and sends the
				 * browser to the identity provider's logout, which ends its session too:
				 * otherwise the next page would log straight in again.
				 */
				@Override
				public void pages(HttpSecurity http) throws Exception {
					JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
					provider.setJwtAuthenticationConverter(converter);
					BearerTokenAuthenticationFilter albLogin = new BearerTokenAuthenticationFilter(
							new ProviderManager(provider));
					albLogin.setBearerTokenResolver(request -> request.getHeader(ALB_ACCESS_TOKEN));
					BearerTokenAuthenticationEntryPoint unauthorized = new BearerTokenAuthenticationEntryPoint();
					albLogin.setAuthenticationEntryPoint(unauthorized);
					http.addFilterBefore(albLogin, AnonymousAuthenticationFilter.class)
						.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
						.csrf(csrf -> csrf.csrfTokenRepository(new CookieCsrfTokenRepository()))
						.exceptionHandling(errors -> errors.authenticationEntryPoint(unauthorized))
						.logout(logout -> logout.addLogoutHandler(new CookieClearingLogoutHandler(ALB_SESSION_COOKIES))
							.logoutSuccessHandler((request, response, authentication) -> response
								.sendRedirect(properties.signOutUrl())));
				}
			};
		}

	}

}
