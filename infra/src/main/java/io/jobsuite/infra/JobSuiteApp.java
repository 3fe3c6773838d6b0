package io.jobsuite.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;

/**
 * Entry point of {@code cdk synth/deploy}: one stack per stage, checked by cdk-nag's AWS
 * Solutions pack.
 */
public final class JobSuiteApp {

	private JobSuiteApp() {
	}

	public static void main(String[] args) {
		App app = new App();
		build(app, StageConfig.from(app.getNode()::tryGetContext, System.getenv()));
		app.synth();
	}

	/** Adds the stack and the cdk-nag checks to an app; shared by main and the tests. */
	static JobSuiteStack build(App app, StageConfig config) {
		JobSuiteStack stack = new JobSuiteStack(app, config.name("jobsuite"), config);
		// Findings are errors in the synth output; the test suite fails on any that is
		// not suppressed.
		Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
		return stack;
	}

}
