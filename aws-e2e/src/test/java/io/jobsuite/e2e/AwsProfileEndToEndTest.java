package io.jobsuite.e2e;

import io.jobsuite.testsupport.MotoServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.jobsuite.infra.ServiceBootstrap;
import io.jobsuite.infra.ServiceEnvironment;
import io.jobsuite.model.queue.JobQueuesProperties;
import io.jobsuite.model.queue.QueueProvisioner;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import io.jobsuite.testsupport.RecordSourceServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code aws} profile as {@code cdk deploy} runs it, on an emulator: the api, worker
 * and scheduler as processes from their executable jars, each installed from the files
 * infra's {@link ServiceBootstrap} generates with the environment of infra's
 * {@link ServiceEnvironment} (the very code the stack's user data comes from).
 * moto_server stands in for SQS, CloudWatch, Secrets Manager (the database secret),
 * Cognito (issuer and key set) and the instance metadata service; MariaDB for RDS. moto's
 * SQS is slow, so this proves wiring, not volume. Logs: aws-e2e/target/e2e/.
 */
class AwsProfileEndToEndTest {

	static final String STAGE = "e2e";

	static final String REGION = "us-east-1";

	static final String PASSWORD = "Correct-Horse-9";

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	static MotoServer moto;

	static JobSuiteEnvironment database;

	static RecordSourceServer source;

	static CognitoIdentityProviderClient cognito;

	static CloudWatchClient cloudWatch;

	static String poolId;

	static String clientId;

	static String otherClientId;

	static int apiPort;

	static final List<DeployedService> services = new ArrayList<>();

	@BeforeAll
	static void deploy() throws Exception {
		Path work = Path.of("target", "e2e").toAbsolutePath();
		Files.createDirectories(work);
		moto = MotoServer.start(MotoServer.executable()
			.orElseThrow(() -> new IllegalStateException("moto_server is not on the PATH: pip install 'moto[server]'")),
				work.resolve("moto.log"));
		database = JobSuiteEnvironment.create();
		source = RecordSourceServer.start(3);

		JobQueuesProperties queues = new JobQueuesProperties(STAGE + "-jobs-express", STAGE + "-jobs-standard",
				STAGE + "-jobs-fifo.fifo");
		String scanTrigger = STAGE + "-scan-trigger";
		try (SqsClient sqs = aws(SqsClient.builder())) {
			// The queue set the tests use (each with its dead-letter queue), on moto.
			new QueueProvisioner(sqs, Duration.ofSeconds(60)).createJobQueues(queues);
			sqs.createQueue(request -> request.queueName(scanTrigger));
		}
		String secretArn;
		try (SecretsManagerClient secrets = aws(SecretsManagerClient.builder())) {
			secretArn = secrets
				.createSecret(request -> request.name(STAGE + "-jobsuite-db")
					.secretString("{\"username\":\"" + env("JOBSUITE_TEST_DB_USER", "root") + "\",\"password\":\""
							+ env("JOBSUITE_TEST_DB_PASSWORD", "") + "\",\"engine\":\"mysql\"}"))
				.arn();
		}
		cognito = aws(CognitoIdentityProviderClient.builder());
		cloudWatch = aws(CloudWatchClient.builder());
		poolId = cognito.createUserPool(request -> request.poolName(STAGE + "-jobsuite-users")).userPool().id();
		clientId = appClient("api");
		otherClientId = appClient("someone-else");
		ServiceEnvironment.GROUP_ROLES.keySet()
			.forEach(group -> cognito.createGroup(request -> request.userPoolId(poolId).groupName(group)));
		user("alice", "users");
		user("olga", "ops");

		ServiceEnvironment environment = new ServiceEnvironment(STAGE, REGION, queues.express(), queues.standard(),
				queues.fifo(), scanTrigger, database.jdbcUrl(),
				"https://cognito-idp." + REGION + ".amazonaws.com/" + poolId, List.of(clientId), null);
		apiPort = freePort();
		Map<String, Integer> ports = Map.of("api", apiPort, "worker", freePort(), "scheduler", freePort());
		// The api first: it migrates the schema. Then worker and scheduler start
		// together.
		for (String service : List.of("api", "worker", "scheduler")) {
			Path root = work.resolve(service);
			ServiceBootstrap bootstrap = new ServiceBootstrap(service, "s3://unused/" + service + ".jar",
					"/jobsuite/" + STAGE + "/" + service, secretArn, REGION, STAGE + "-jobsuite-" + service,
					environment.forService(service),
					new ServiceBootstrap.Layout(System.getProperty("user.name"), root.resolve("opt").toString(),
							root.resolve("etc").toString(), root.resolve("run").toString(),
							root.resolve("log").toString(),
							Path.of(System.getProperty("java.home"), "bin", "java").toString()));
			Map<String, String> overrides = new LinkedHashMap<>();
			overrides.put("PORT", ports.get(service).toString());
			overrides.put("MANAGEMENT_CLOUDWATCH_METRICS_EXPORT_STEP", "2s");
			// Three JVMs start on a shared CI machine: C1 only, to start in half the CPU.
			overrides.put("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1");
			overrides.put("JWT_JWK_SET_URI", moto.endpoint() + "/" + poolId + "/.well-known/jwks.json");
			DeployedService deployed = DeployedService.start(bootstrap, executableJar(service + "-service"),
					motoCloudWatch(), awsAccess(), overrides);
			services.add(deployed);
			if (service.equals("api")) {
				awaitLive(deployed, apiPort);
			}
		}
		awaitLive(services.get(1), ports.get("worker"));
		awaitLive(services.get(2), ports.get("scheduler"));
	}

	@AfterAll
	static void undeploy() throws Exception {
		for (DeployedService service : services) {
			service.close();
		}
		if (cognito != null) {
			cognito.close();
			cloudWatch.close();
		}
		if (source != null) {
			source.close();
		}
		if (moto != null) {
			moto.close();
		}
	}

	@Test
	void aUsersMemberSignsInPressesSyncNowAndTheWorkerOnTheInstanceRunsItAndPublishesItsMeters() throws Exception {
		String alice = signIn(clientId, "alice");
		String aliceSub = claims(alice).getSubject();
		long client = database.insertDueClients(1, aliceSub, source).get(0);

		HttpResponse<String> accepted = call("POST", "/api/clients/" + client + "/sync", alice, null);
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		String job = JSON.readTree(accepted.body()).get("jobId").asString();

		await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> status(alice, job).equals("SUCCEEDED"));
		assertThat(
				database.jdbc().queryForObject("SELECT worker FROM job_attempts WHERE job_id = ?", String.class, job))
			.as("worker id from the instance id (IMDSv2)")
			.startsWith("i-");

		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
			List<Map<String, String>> completed = cloudWatch
				.listMetrics(request -> request.namespace("JobSuite").metricName("jobs.completed.count"))
				.metrics()
				.stream()
				.map(AwsProfileEndToEndTest::dimensions)
				.toList();
			assertThat(completed).anySatisfy(dimensions -> assertThat(dimensions).containsEntry("service", "worker")
				.containsEntry("stage", STAGE)
				.containsEntry("type", "client-sync")
				.containsEntry("outcome", "succeeded")
				.containsKey("queue"));
		});
	}

	@Test
	void anOpsMemberRetriesAFailedJobFromTheAdminApi() throws Exception {
		String olga = signIn(clientId, "olga");
		HttpResponse<String> enqueued = call("POST", "/api/jobs", olga, """
				{"type":"project-build","maxAttempts":1,"messageGroup":"build-e2e-broken",
				 "payload":{"team":"e2e","project":"broken","buildNumber":"not a number","workMillis":0}}""");
		assertThat(enqueued.statusCode()).as(enqueued.body()).isEqualTo(202);
		String job = JSON.readTree(enqueued.body()).get("jobId").asString();
		await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> status(olga, job).equals("FAILED"));

		HttpResponse<String> retried = call("POST", "/api/admin/jobs/" + job + "/retry", olga, null);

		assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> database.jdbc()
				.queryForObject("SELECT COUNT(*) FROM job_attempts WHERE job_id = ?", Integer.class, job) >= 2);
	}

	@Test
	void tokensForAnotherClientExpiredOrWithoutTheOpsGroupAreRefused() throws Exception {
		String alice = signIn(clientId, "alice");
		String olga = signIn(clientId, "olga");
		String otherAudience = signIn(otherClientId, "olga");

		assertThat(call("GET", "/api/admin/jobs", olga, null).statusCode()).as("control: ops").isEqualTo(200);
		assertThat(call("GET", "/api/clients", alice, null).statusCode()).as("control: users").isEqualTo(200);
		assertThat(call("GET", "/api/admin/jobs", alice, null).statusCode()).as("users on the admin").isEqualTo(403);
		assertThat(call("GET", "/api/admin/jobs", otherAudience, null).statusCode()).as("another app client")
			.isEqualTo(401);
		assertThat(call("GET", "/api/admin/jobs", resigned(olga, Instant.now().plusSeconds(600)), null).statusCode())
			.as("control: signed again with moto's key, not expired")
			.isEqualTo(200);
		assertThat(call("GET", "/api/admin/jobs", resigned(olga, Instant.now().minusSeconds(3600)), null).statusCode())
			.as("expired")
			.isEqualTo(401);
		assertThat(call("GET", "/api/clients", null, null).statusCode()).as("no token").isEqualTo(401);
	}

	private static String appClient(String name) {
		return cognito
			.createUserPoolClient(request -> request.userPoolId(poolId)
				.clientName(name)
				.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH,
						ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH))
			.userPoolClient()
			.clientId();
	}

	private static void user(String name, String group) {
		cognito.adminCreateUser(request -> request.userPoolId(poolId).username(name));
		cognito.adminSetUserPassword(
				request -> request.userPoolId(poolId).username(name).password(PASSWORD).permanent(true));
		cognito.adminAddUserToGroup(request -> request.userPoolId(poolId).username(name).groupName(group));
	}

	private static String signIn(String client, String user) {
		return cognito
			.initiateAuth(request -> request.clientId(client)
				.authFlow(AuthFlowType.USER_PASSWORD_AUTH)
				.authParameters(Map.of("USERNAME", user, "PASSWORD", PASSWORD)))
			.authenticationResult()
			.accessToken();
	}

	/**
	 * The same token with another expiry, signed again with moto's pool key (moto ships
	 * its private key), so that only the expiry differs.
	 */
	private static String resigned(String token, Instant expires) throws Exception {
		SignedJWT original = SignedJWT.parse(token);
		JWTClaimsSet claims = new JWTClaimsSet.Builder(original.getJWTClaimsSet())
			.issueTime(Date.from(expires.minusSeconds(3600)))
			.expirationTime(Date.from(expires))
			.build();
		String keys = motoPrivateKeySet();
		RSAKey key = keys.contains("\"keys\"") ? (RSAKey) JWKSet.parse(keys).getKeys().get(0) : RSAKey.parse(keys);
		SignedJWT resigned = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(original.getHeader().getKeyID()).build(), claims);
		resigned.sign(new RSASSASigner(key));
		return resigned.serialize();
	}

	/** moto's signing key set (jwks-private.json, gzipped in moto 5.1 and later). */
	private static String motoPrivateKeySet() throws IOException, InterruptedException {
		for (String python : List.of("python3", "python")) {
			Process process = new ProcessBuilder(python, "-c",
					"import os, moto.cognitoidp as c; print(os.path.join(os.path.dirname(c.__file__), 'resources'))")
				.redirectErrorStream(true)
				.start();
			Path resources = Path
				.of(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
			if (process.waitFor() != 0) {
				continue;
			}
			Path plain = resources.resolve("jwks-private.json");
			Path gzipped = resources.resolve("jwks-private.json.gz");
			if (Files.exists(plain)) {
				return Files.readString(plain);
			}
			if (Files.exists(gzipped)) {
				try (InputStream in = new GZIPInputStream(Files.newInputStream(gzipped))) {
					return new String(in.readAllBytes(), StandardCharsets.UTF_8);
				}
			}
		}
		throw new IllegalStateException("moto's jwks-private.json not found through python3/python");
	}

	private static JWTClaimsSet claims(String token) throws Exception {
		return SignedJWT.parse(token).getJWTClaimsSet();
	}

	private static String status(String token, String job) throws Exception {
		HttpResponse<String> response = call("GET", "/api/jobs/" + job, token, null);
		JsonNode body = JSON.readTree(response.body());
		return body.has("status") ? body.get("status").asString() : "HTTP " + response.statusCode();
	}

	private static HttpResponse<String> call(String method, String path, String token, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
			.method(method,
					json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static Map<String, String> dimensions(Metric metric) {
		return metric.dimensions().stream().collect(Collectors.toMap(Dimension::name, Dimension::value));
	}

	/**
	 * What an instance gets from its profile and the metadata service, pointed at moto.
	 * The SDKs and the AWS CLI read these standard variables.
	 */
	private static Map<String, String> awsAccess() {
		return Map.of("AWS_ENDPOINT_URL", moto.endpoint().toString(), "AWS_EC2_METADATA_SERVICE_ENDPOINT",
				moto.endpoint().toString(), "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing");
	}

	private static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>, C> C aws(
			B builder) {
		return builder.endpointOverride(moto.endpoint())
			.region(Region.of(REGION))
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
			.build();
	}

	private static void awaitLive(DeployedService service, int port) {
		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
			if (!service.isAlive()) {
				throw new IllegalStateException("a service exited; see " + service.logFile());
			}
			try {
				return HTTP
					.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/liveness"))
						.build(), HttpResponse.BodyHandlers.discarding())
					.statusCode() == 200;
			}
			catch (IOException ex) {
				return false;
			}
		});
	}

	private static Path executableJar(String module) throws IOException {
		Path target = Path.of(System.getProperty("e2e.repositoryRoot", "..")).resolve(module).resolve("target");
		try (Stream<Path> files = Files.list(target)) {
			return files.filter(f -> f.getFileName().toString().endsWith("-exec.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("no executable jar in " + target));
		}
	}

	/** The CloudWatch module moto speaks and its protocol, as a directory of jars. */
	private static Path motoCloudWatch() {
		return Path.of(System.getProperty("e2e.motoSdk", "target/moto-sdk")).toAbsolutePath();
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return value == null || value.isBlank() ? fallback : value;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
