package io.jobsuite.infra;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The plain (non-secret) environment each service gets in AWS, as one function of the
 * deployment's names. The stack calls it with CloudFormation tokens; the aws-e2e test
 * calls it with the names it created on moto, so the processes it starts see exactly what
 * an instance sees.
 *
 * @param stage dev or prod
 * @param region AWS region
 * @param expressQueue name of the express queue
 * @param standardQueue name of the standard queue
 * @param fifoQueue name of the FIFO queue
 * @param scanTriggerQueue name of the queue the EventBridge rule feeds
 * @param jdbcUrl JDBC URL of the database (credentials come from the secret at start)
 * @param jwtIssuer issuer the API trusts, the user pool's
 * {@code https://cognito-idp.<region>.amazonaws.com/<poolId>}
 * @param jwtClientIds the app clients whose access tokens the API accepts
 * @param signOutUrl where the pages' Sign out sends the browser (Cognito's logout); null
 * without the load balancer's login (no HTTPS)
 */
public record ServiceEnvironment(String stage, String region, String expressQueue, String standardQueue,
		String fifoQueue, String scanTriggerQueue, String jdbcUrl, String jwtIssuer, List<String> jwtClientIds,
		String signOutUrl) {

	/** The services, by the name used in units, jar keys and log files. */
	public static final List<String> SERVICES = List.of("api", "worker", "scheduler");

	/** The API's HTTP port, which the load balancer forwards to. */
	public static final int API_PORT = 8080;

	/**
	 * Where the worker and the scheduler serve Actuator (health, prometheus): loopback
	 * only, read by the on-instance health check.
	 */
	public static final int HEALTH_PORT = 9090;

	/**
	 * Where the CloudWatch agent on each instance takes spans (OTLP/HTTP, loopback only)
	 * and passes them to X-Ray.
	 */
	public static final int OTLP_PORT = 4318;

	/** The Cognito groups and the API roles they map to (api-service application.yml). */
	public static final Map<String, String> GROUP_ROLES = Map.of("ops", "OPS", "users", "USER");

	/** The environment of one service. */
	public Map<String, String> forService(String service) {
		if (!SERVICES.contains(service)) {
			throw new IllegalArgumentException("unknown service '" + service + "', expected one of " + SERVICES);
		}
		Map<String, String> env = new TreeMap<>();
		env.put("SPRING_PROFILES_ACTIVE", "aws");
		env.put("AWS_REGION", region);
		env.put("JOBSUITE_STAGE", stage);
		env.put("DB_URL", jdbcUrl);
		env.put("JOBS_QUEUES_EXPRESS", expressQueue);
		env.put("JOBS_QUEUES_STANDARD", standardQueue);
		env.put("JOBS_QUEUES_FIFO", fifoQueue);
		env.put("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT",
				"http://127.0.0.1:" + OTLP_PORT + "/v1/traces");
		switch (service) {
			case "api" -> {
				env.put("PORT", Integer.toString(API_PORT));
				env.put("JOBS_TRACES_URL_TEMPLATE", "https://" + region
						+ ".console.aws.amazon.com/cloudwatch/home?region=" + region + "#xray:traces/{xrayTraceId}");
				env.put("JWT_ISSUER_URI", jwtIssuer);
				env.put("JWT_CLIENT_IDS", String.join(",", jwtClientIds));
				if (signOutUrl != null) {
					env.put("JOBS_SECURITY_SIGN_OUT_URL", signOutUrl);
				}
			}
			case "scheduler" -> {
				env.put("JOBS_QUEUES_SCAN_TRIGGER", scanTriggerQueue);
				headlessWithHealth(env);
			}
			default -> headlessWithHealth(env);
		}
		return env;
	}

	/**
	 * The port the unit's health check reads {@code /actuator/health/liveness} on.
	 */
	public static int healthPort(String service) {
		return "api".equals(service) ? API_PORT : HEALTH_PORT;
	}

	/**
	 * Worker and scheduler are headless by default; on EC2 they serve Actuator on
	 * loopback so the instance's health check can tell a wedged JVM from a live one.
	 */
	private static void headlessWithHealth(Map<String, String> env) {
		env.put("SPRING_MAIN_WEBAPPLICATIONTYPE", "servlet");
		env.put("PORT", Integer.toString(HEALTH_PORT));
		env.put("SERVER_ADDRESS", "127.0.0.1");
	}

}
