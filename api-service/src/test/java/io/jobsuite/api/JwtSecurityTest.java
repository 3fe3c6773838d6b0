package io.jobsuite.api;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code aws} profile's login, as Cognito's access tokens shape it: signature from
 * the pool's key set, {@code iss} the pool, {@code client_id} one of ours,
 * {@code token_use} access, {@code exp} in the future; roles from {@code cognito:groups};
 * clients owned by {@code sub}. A stand-in key set is served on loopback (the end-to-end
 * test in aws-e2e uses moto's Cognito). The issuer is an https URL no one serves, as in
 * AWS: the key set is configured, never discovered.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("aws")
class JwtSecurityTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	static final RSAKey issuerKey = rsaKey();

	static final HttpServer keys = keySet(issuerKey);

	static final String ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_test";

	static final String CLIENT = "web-client-id";

	static final String SIGN_OUT = "https://jobsuite-test.auth.us-east-1.amazoncognito.com/logout?client_id=" + CLIENT
			+ "&logout_uri=https://jobs.example.com/";

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
		registry.add("JWT_ISSUER_URI", () -> ISSUER);
		registry.add("JWT_JWK_SET_URI",
				() -> "http://127.0.0.1:" + keys.getAddress().getPort() + "/us-east-1_test/.well-known/jwks.json");
		registry.add("JWT_CLIENT_IDS", () -> "cli-client-id," + CLIENT);
		registry.add("JOBS_SECURITY_SIGN_OUT_URL", () -> SIGN_OUT);
		registry.add("management.cloudwatch.metrics.export.enabled", () -> "false");
		registry.add("logging.file.name", () -> "target/aws-profile-test.log");
	}

	@Test
	void anOpsGroupTokenOpensTheAdminAndAUsersTokenOnlyTheirOwnClientsByTheirSubject() throws Exception {
		long alices = env.insertDueClients(1, "sub-alice", null).get(0);
		long bobs = env.insertDueClients(1, "sub-bob", null).get(0);
		String ops = token(claims -> claims.subject("sub-ops").claim("cognito:groups", List.of("ops")));
		String alice = token(claims -> claims.subject("sub-alice").claim("cognito:groups", List.of("users")));

		assertThat(bearer(ops, "GET", "/api/admin/jobs").statusCode()).isEqualTo(200);
		assertThat(bearer(alice, "POST", "/api/clients/" + alices + "/sync").statusCode()).isEqualTo(202);
		assertThat(bearer(alice, "POST", "/api/clients/" + bobs + "/sync").statusCode()).isEqualTo(404);
		assertThat(bearer(alice, "GET", "/api/admin/jobs").statusCode()).isEqualTo(403);
	}

	@Test
	void aTokenWithoutAGroupOfOursIsForbiddenEverywhere() throws Exception {
		String stranger = token(claims -> claims.claim("cognito:groups", List.of("marketing")));
		String noGroups = token(claims -> claims.claim("cognito:groups", null));

		assertThat(bearer(stranger, "GET", "/api/clients").statusCode()).isEqualTo(403);
		assertThat(bearer(noGroups, "GET", "/api/clients").statusCode()).isEqualTo(403);
		assertThat(bearer(stranger, "GET", "/api/admin/jobs").statusCode()).isEqualTo(403);
	}

	@Test
	void everyTokenThatFailsOneCheckIs401() throws Exception {
		Map<String, String> tokens = new HashMap<>();
		tokens.put("good (control)", token(claims -> {
		}));
		tokens.put("foreign key", token(rsaKey(), claims -> {
		}));
		tokens.put("other issuer", token(claims -> claims.issuer("https://cognito-idp.us-east-1.amazonaws.com/other")));
		tokens.put("expired", token(claims -> claims.expirationTime(Date.from(Instant.now().minusSeconds(120)))));
		tokens.put("no expiry", token(claims -> claims.expirationTime(null)));
		tokens.put("another app client", token(claims -> claims.claim("client_id", "someone-elses-client")));
		tokens.put("an id token", token(claims -> claims.claim("token_use", "id").audience(CLIENT)));

		tokens.forEach((name, token) -> {
			int expected = name.startsWith("good") ? 200 : 401;
			assertThat(call(() -> bearer(token, "GET", "/api/clients").statusCode())).as(name).isEqualTo(expected);
		});
		ApiCalls calls = new ApiCalls(port);
		assertThat(calls.get(null, "/api/clients").statusCode()).isEqualTo(401);
		assertThat(calls.get("ops", "/api/clients").statusCode()).as("no demo users in AWS").isEqualTo(401);
		assertThat(calls.get(null, "/actuator/health").statusCode()).isEqualTo(200);
	}

	@Test
	void theApiTakesTokensOnlyFromTheAuthorizationHeader() throws Exception {
		ApiCalls calls = new ApiCalls(port);
		HttpResponse<String> response = calls.send(calls.request(null, null, "GET", "/api/clients", null)
			.header("x-amzn-oidc-accesstoken", token(claims -> {
			}))
			.build());

		assertThat(response.statusCode()).isEqualTo(401);
	}

	@Test
	void theLoadBalancersForwardedTokenOpensThePagesButAFormPostNeedsTheCsrfToken() throws Exception {
		long client = env.insertDueClients(1, "sub-carol", null).get(0);
		String carol = token(claims -> claims.subject("sub-carol").claim("cognito:groups", List.of("users")));
		ApiCalls calls = new ApiCalls(port);

		HttpResponse<String> page = calls
			.send(calls.request(null, null, "GET", "/clients", null).header("x-amzn-oidc-accesstoken", carol).build());
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("My clients");
		CsrfToken csrf = CsrfToken.of(page);

		// A cross-site form: the browser's load-balancer cookie makes the ALB add the
		// token, but the attacker cannot read the CSRF cookie.
		HttpResponse<String> forged = calls.send(form(calls, "/clients/" + client + "/sync", carol, null, ""));
		HttpResponse<String> genuine = calls
			.send(form(calls, "/clients/" + client + "/sync", carol, csrf.cookie(), csrf.field()));

		assertThat(forged.statusCode()).isEqualTo(403);
		assertThat(genuine.statusCode()).isEqualTo(302);
		assertThat(genuine.headers().firstValue("Location").orElseThrow()).contains("/jobs/");
	}

	@Test
	void signOutClearsTheLoadBalancersSessionAndEndsTheCognitoSession() throws Exception {
		String carol = token(claims -> claims.subject("sub-carol").claim("cognito:groups", List.of("users")));
		ApiCalls calls = new ApiCalls(port);
		HttpResponse<String> page = calls
			.send(calls.request(null, null, "GET", "/clients", null).header("x-amzn-oidc-accesstoken", carol).build());
		assertThat(page.body()).contains("Sign out");
		CsrfToken csrf = CsrfToken.of(page);

		HttpResponse<String> forged = calls.send(form(calls, "/logout", carol, null, ""));
		HttpResponse<String> signOut = calls.send(form(calls, "/logout", carol, csrf.cookie(), csrf.field()));

		assertThat(forged.statusCode()).as("a cross-site sign-out").isEqualTo(403);
		assertThat(signOut.statusCode()).isEqualTo(302);
		assertThat(signOut.headers().firstValue("Location")).hasValue(SIGN_OUT);
		List<String> cleared = signOut.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter(c -> c.startsWith("AWSELBAuthSessionCookie-"))
			.toList();
		assertThat(cleared).hasSize(4)
			.allSatisfy(c -> assertThat(c).contains("Expires=Thu, 01 Jan 1970").contains("Path=/"));
	}

	/** The CSRF cookie a page set and the form field that must match it. */
	private record CsrfToken(String cookie, String field) {

		static CsrfToken of(HttpResponse<String> page) {
			String cookie = page.headers()
				.allValues("Set-Cookie")
				.stream()
				.filter(c -> c.startsWith("XSRF-TOKEN="))
				.map(c -> c.substring(0, c.indexOf(';')))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no CSRF cookie: " + page.headers()));
			Matcher field = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
			assertThat(field.find()).as("CSRF field in the page's forms").isTrue();
			return new CsrfToken(cookie, "_csrf=" + URLEncoder.encode(field.group(1), StandardCharsets.UTF_8));
		}

	}

	@AfterAll
	static void stopKeySet() {
		keys.stop(0);
	}

	private static HttpRequest form(ApiCalls calls, String path, String token, String cookie, String form) {
		HttpRequest.Builder request = HttpRequest.newBuilder(calls.uri(path))
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("x-amzn-oidc-accesstoken", token);
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		return request.build();
	}

	private HttpResponse<String> bearer(String token, String method, String path) throws Exception {
		ApiCalls calls = new ApiCalls(port);
		return calls
			.send(calls.request(null, null, method, path, null).header("Authorization", "Bearer " + token).build());
	}

	private static <T> T call(java.util.concurrent.Callable<T> call) {
		try {
			return call.call();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A valid Cognito access token of a {@code users} member, changed by {@code edit}.
	 */
	private static String token(Consumer<JWTClaimsSet.Builder> edit) throws JOSEException {
		return token(issuerKey, edit);
	}

	private static String token(RSAKey key, Consumer<JWTClaimsSet.Builder> edit) throws JOSEException {
		Instant now = Instant.now();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER)
			.subject("sub-someone")
			.claim("username", "someone")
			.claim("client_id", CLIENT)
			.claim("token_use", "access")
			.claim("cognito:groups", List.of("users"))
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)));
		edit.accept(claims);
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
				claims.build());
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	/** Serves the pool's key set where Cognito does: {pool}/.well-known/jwks.json. */
	private static HttpServer keySet(RSAKey key) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
			server.createContext("/us-east-1_test/.well-known/jwks.json", exchange -> {
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static RSAKey rsaKey() {
		try {
			return new RSAKeyGenerator(2048).keyID("test").generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
