package io.jobsuite.infra;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import software.amazon.awscdk.RemovalPolicy;

/**
 * Everything a deployment varies on, read from CDK context once and validated up front so
 * a typo fails the synth with a clear message instead of producing a half-right stack.
 *
 * @param stage dev or prod; prefixes every resource name
 * @param account 12-digit AWS account id
 * @param region AWS region, e.g. eu-west-1
 * @param maxReceiveCount receives before SQS moves a message to its dead-letter queue
 * @param fifoHighThroughput whether the FIFO queue uses per-message-group throughput
 * @param artifactBucket S3 bucket holding the service jars
 * @param artifactPrefix key prefix of the jars in that bucket (ends with "/" or is empty)
 * @param workerMinCapacity minimum worker instances
 * @param workerMaxCapacity maximum worker instances
 * @param certificateArn ACM certificate for the API's HTTPS listener; empty means HTTP
 * only
 * @param alarmEmail address subscribed to the alarm topic; empty means no subscription
 * @param oldestMessageAgeAlarmSeconds age of the oldest message that raises the alarm
 * @param failedJobsAlarmThreshold failed jobs per five minutes that raise the alarm
 */
public record StageConfig(String stage, String account, String region, int maxReceiveCount, boolean fifoHighThroughput,
		String artifactBucket, String artifactPrefix, int workerMinCapacity, int workerMaxCapacity,
		Optional<String> certificateArn, Optional<String> alarmEmail, int oldestMessageAgeAlarmSeconds,
		int failedJobsAlarmThreshold) {

	static final Set<String> STAGES = Set.of("dev", "prod");

	private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

	private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d");

	public StageConfig {
		require(STAGES.contains(stage), "context 'stage' must be one of " + STAGES + " (got '" + stage + "')");
		require(account != null && ACCOUNT.matcher(account).matches(),
				"account must be 12 digits: pass -c account=123456789012 or set CDK_DEFAULT_ACCOUNT (got '" + account
						+ "')");
		require(region != null && REGION.matcher(region).matches(),
				"region must look like eu-west-1: pass -c region=... or set CDK_DEFAULT_REGION (got '" + region + "')");
		require(maxReceiveCount >= 1 && maxReceiveCount <= 1000, "maxReceiveCount must be 1..1000 (SQS limit)");
		require(workerMinCapacity >= 0 && workerMinCapacity <= workerMaxCapacity,
				"workerMinCapacity must be 0..workerMaxCapacity");
		require(artifactBucket != null && !artifactBucket.isBlank(), "artifactBucket must not be blank");
		require(oldestMessageAgeAlarmSeconds > 0, "oldestMessageAgeAlarmSeconds must be positive");
		require(failedJobsAlarmThreshold > 0, "failedJobsAlarmThreshold must be positive");
		Objects.requireNonNull(artifactPrefix, "artifactPrefix");
		Objects.requireNonNull(certificateArn, "certificateArn");
		require(!"prod".equals(stage) || certificateArn.isPresent(),
				"prod serves the API over HTTPS only: pass -c certificateArn=arn:aws:acm:...");
		Objects.requireNonNull(alarmEmail, "alarmEmail");
	}

	/**
	 * Reads the configuration from CDK context, falling back to the CDK CLI's default
	 * account and region.
	 * @param context the app's context lookup ({@code app.getNode()::tryGetContext})
	 * @param env the process environment
	 */
	public static StageConfig from(Function<String, Object> context, Map<String, String> env) {
		Context ctx = new Context(context);
		String stage = ctx.string("stage", null);
		require(stage != null, "missing context 'stage': pass -c stage=dev or -c stage=prod");
		String account = ctx.string("account", env.get("CDK_DEFAULT_ACCOUNT"));
		String region = ctx.string("region", env.get("CDK_DEFAULT_REGION"));
		boolean prod = "prod".equals(stage);
		return new StageConfig(stage, account, region, ctx.integer("maxReceiveCount", 5),
				ctx.bool("fifoHighThroughput", false),
				ctx.string("artifactBucket", "jobsuite-artifacts-" + account + "-" + region),
				ctx.string("artifactPrefix", stage + "/"), ctx.integer("workerMinCapacity", prod ? 2 : 1),
				ctx.integer("workerMaxCapacity", prod ? 20 : 10),
				Optional.ofNullable(ctx.string("certificateArn", null)),
				Optional.ofNullable(ctx.string("alarmEmail", null)), ctx.integer("oldestMessageAgeAlarmSeconds", 900),
				ctx.integer("failedJobsAlarmThreshold", 10));
	}

	boolean isProd() {
		return "prod".equals(stage);
	}

	/**
	 * dev tears down completely with {@code cdk destroy}; prod keeps data (logs) when the
	 * stack goes.
	 */
	RemovalPolicy removalPolicy() {
		return isProd() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
	}

	/** The resource name with the stage prefix, e.g. {@code dev-jobs-express}. */
	String name(String suffix) {
		return stage + "-" + suffix;
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}

	/**
	 * Context values arrive as strings from {@code -c} and as JSON types from cdk.json:
	 * accept both.
	 */
	private record Context(Function<String, Object> lookup) {

		String string(String key, String fallback) {
			Object value = lookup.apply(key);
			return value == null || value.toString().isBlank() ? fallback : value.toString().trim();
		}

		int integer(String key, int fallback) {
			String value = string(key, null);
			if (value == null) {
				return fallback;
			}
			try {
				return new java.math.BigDecimal(value).intValueExact();
			}
			catch (NumberFormatException | ArithmeticException ex) {
				throw new IllegalArgumentException("context '" + key + "' must be an integer (got '" + value + "')");
			}
		}

		boolean bool(String key, boolean fallback) {
			String value = string(key, null);
			if (value == null) {
				return fallback;
			}
			require(value.equals("true") || value.equals("false"),
					"context '" + key + "' must be true or false (got '" + value + "')");
			return Boolean.parseBoolean(value);
		}
	}
}
