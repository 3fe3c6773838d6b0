package io.jobsuite.infra;

import java.util.HashMap;
import java.util.Map;

import software.amazon.awscdk.App;

/**
 * Synthesizes the stack for a stage with test context, as {@code cdk synth -c ...} would.
 */
final class Stages {

	static final String ACCOUNT = "123456789012";

	static final String REGION = "eu-west-1";

	private Stages() {
	}

	static JobSuiteStack synth(String stage, Map<String, Object> extraContext) {
		return synth(new App(), stage, extraContext);
	}

	static JobSuiteStack synth(App app, String stage, Map<String, Object> extraContext) {
		Map<String, Object> context = new HashMap<>(Map.of("stage", stage, "account", ACCOUNT, "region", REGION));
		context.putAll(extraContext);
		return JobSuiteApp.build(app, StageConfig.from(context::get, Map.of()));
	}

}
