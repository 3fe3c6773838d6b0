package io.jobsuite.api;

import java.net.http.HttpResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

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
 * The {@code aws} profile's login: a JWT from the identity provider, roles from
 * {@code cognito:groups}, the user from {@code username}. A stand-in issuer on loopback
 * serves the OpenID discovery document and the key set, as Cognito does, so that the
 * production path (issuer-uri discovery) is what runs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("aws")
class JwtSecurityTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	static final RSAKey issuerKey = rsaKey();

	static final HttpServer issuer = issuer(issuerKey);

	static final String ISSUER = "http://127.0.0.1:" + issuer.getAddress().getPort() + "/us-east-1_test";

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
		registry.add("JWT_ISSUER_URI", () -> ISSUER);
		registry.add("management.cloudwatch.metrics.export.enabled", () -> "false");
		registry.add("logging.file.name", () -> "target/aws-profile-test.log");
	}

	@Test
	void anOpsGroupTokenOpensTheAdminAndAUserTokenOnlyTheirOwnClients() throws Exception {
		long alices = env.insertDueClients(1, "alice", null).get(0);
		long bobs = env.insertDueClients(1, "bob", null).get(0);
		String ops = token(issuerKey, ISSUER, "ops", List.of("OPS"), Instant.now().plusSeconds(300));
		String alice = token(issuerKey, ISSUER, "alice", List.of(), Instant.now().plusSeconds(300));

		assertThat(bearer(ops, "GET", "/api/admin/jobs").statusCode()).isEqualTo(200);
		assertThat(bearer(ops, "GET", "/admin").statusCode()).isEqualTo(200);
		assertThat(bearer(alice, "POST", "/api/clients/" + alices + "/sync").statusCode()).isEqualTo(202);
		assertThat(bearer(alice, "POST", "/api/clients/" + bobs + "/sync").statusCode()).isEqualTo(404);
		assertThat(bearer(alice, "GET", "/api/admin/jobs").statusCode()).isEqualTo(403);
		assertThat(bearer(alice, "GET", "/admin").statusCode()).isEqualTo(403);
	}

	@Test
	void theLoadBalancersForwardedCognitoTokenOpensThePages() throws Exception {
		String alice = token(issuerKey, ISSUER, "alice", List.of(), Instant.now().plusSeconds(300));
		ApiCalls calls = new ApiCalls(port);

		HttpResponse<String> page = calls
			.send(calls.request(null, null, "GET", "/clients", null).header("x-amzn-oidc-accesstoken", alice).build());

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("My clients");
	}

	@Test
	void noTokenAForeignKeyAnotherIssuerAnExpiredTokenOrADemoUserAreAll401() throws Exception {
		Instant later = Instant.now().plusSeconds(300);
		ApiCalls calls = new ApiCalls(port);

		assertThat(calls.get(null, "/api/clients").statusCode()).isEqualTo(401);
		assertThat(bearer(token(rsaKey(), ISSUER, "ops", List.of("OPS"), later), "GET", "/api/clients").statusCode())
			.isEqualTo(401);
		assertThat(bearer(token(issuerKey, "https://elsewhere.example", "ops", List.of("OPS"), later), "GET",
				"/api/clients")
			.statusCode()).isEqualTo(401);
		assertThat(bearer(token(issuerKey, ISSUER, "ops", List.of("OPS"), Instant.now().minusSeconds(600)), "GET",
				"/api/clients")
			.statusCode()).isEqualTo(401);
		assertThat(calls.get("ops", "/api/clients").statusCode()).as("no demo users in AWS").isEqualTo(401);
		assertThat(calls.get(null, "/actuator/health").statusCode()).isEqualTo(200);
	}

	@AfterAll
	static void stopIssuer() {
		issuer.stop(0);
	}

	private HttpResponse<String> bearer(String token, String method, String path) throws Exception {
		ApiCalls calls = new ApiCalls(port);
		return calls
			.send(calls.request(null, null, method, path, null).header("Authorization", "Bearer " + token).build());
	}

	private static String token(RSAKey key, String issuer, String username, List<String> groups, Instant expires)
			throws JOSEException {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
				new JWTClaimsSet.Builder().issuer(issuer)
					.subject("sub-" + username)
					.claim("username", username)
					.claim("cognito:groups", groups)
					.issueTime(Date.from(expires.minusSeconds(900)))
					.expirationTime(Date.from(expires))
					.build());
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	/** Serves {issuer}/.well-known/openid-configuration and the key set it points to. */
	private static HttpServer issuer(RSAKey key) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/us-east-1_test";
			serve(server, "/us-east-1_test/.well-known/openid-configuration", "{\"issuer\":\"" + base
					+ "\",\"jwks_uri\":\"" + base + "/.well-known/jwks.json\","
					+ "\"id_token_signing_alg_values_supported\":[\"RS256\"],\"subject_types_supported\":[\"public\"],"
					+ "\"response_types_supported\":[\"code\"]}");
			serve(server, "/us-east-1_test/.well-known/jwks.json", new JWKSet(key.toPublicJWK()).toString());
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void serve(HttpServer server, String path, String json) {
		server.createContext(path, exchange -> {
			byte[] body = json.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
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
