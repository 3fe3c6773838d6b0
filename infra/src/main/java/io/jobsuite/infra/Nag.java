package io.jobsuite.infra;

import java.util.List;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.constructs.IConstruct;

/**
 * Records a cdk-nag suppression on one construct (and its children), with the reason next
 * to the code.
 */
final class Nag {

	private Nag() {
	}

	static void suppress(IConstruct construct, String ruleId, String reason, String... appliesTo) {
		NagPackSuppression.Builder suppression = NagPackSuppression.builder().id(ruleId).reason(reason);
		if (appliesTo.length > 0) {
			suppression.appliesTo(List.of((Object[]) appliesTo));
		}
		NagSuppressions.addResourceSuppressions(construct, List.of(suppression.build()), true);
	}

}
