package io.jobsuite.infra;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StageConfigTest {

	private static final Map<String, String> NO_ENV = Map.of();

	@Test
	void failsFastWithoutAStage() {
		assertThatIllegalArgumentException().isThrownBy(() -> StageConfig.from(context(Map.of()), NO_ENV))
			.withMessageContaining("missing context 'stage'");
	}

	@Test
	void rejectsAStageOtherThanDevOrProd() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StageConfig.from(context(Map.of("stage", "staging")), NO_ENV))
			.withMessageContaining("'staging'");
	}

	@Test
	void rejectsAnAccountThatIsNotTwelveDigits() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StageConfig
				.from(context(Map.of("stage", "dev", "account", "12345", "region", "eu-west-1")), NO_ENV))
			.withMessageContaining("account must be 12 digits");
	}

	@Test
	void rejectsAMalformedRegion() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StageConfig
				.from(context(Map.of("stage", "dev", "account", "123456789012", "region", "Europe")), NO_ENV))
			.withMessageContaining("region must look like eu-west-1");
	}

	@Test
	void failsWhenNeitherContextNorEnvironmentNameTheAccount() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StageConfig.from(context(Map.of("stage", "dev", "region", "eu-west-1")), NO_ENV))
			.withMessageContaining("CDK_DEFAULT_ACCOUNT");
	}

	@Test
	void fallsBackToTheCdkDefaultAccountAndRegion() {
		StageConfig config = StageConfig.from(context(Map.of("stage", "dev")),
				Map.of("CDK_DEFAULT_ACCOUNT", "210987654321", "CDK_DEFAULT_REGION", "us-east-2"));
		assertThat(config.account()).isEqualTo("210987654321");
		assertThat(config.region()).isEqualTo("us-east-2");
		assertThat(config.artifactBucket()).isEqualTo("jobsuite-artifacts-210987654321-us-east-2");
		assertThat(config.maxReceiveCount()).isEqualTo(5);
		assertThat(config.fifoHighThroughput()).isFalse();
	}

	@Test
	void prodRequiresACertificateForHttps() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StageConfig
				.from(context(Map.of("stage", "prod", "account", "123456789012", "region", "eu-west-1")), NO_ENV))
			.withMessageContaining("certificateArn");
	}

	@Test
	void readsNumbersAndFlagsGivenAsStringsOnTheCommandLine() {
		StageConfig config = StageConfig.from(context(Map.of("stage", "dev", "account", "123456789012", "region",
				"eu-west-1", "maxReceiveCount", "7", "fifoHighThroughput", "true", "workerMaxCapacity", "4")), NO_ENV);
		assertThat(config.maxReceiveCount()).isEqualTo(7);
		assertThat(config.fifoHighThroughput()).isTrue();
		assertThat(config.workerMaxCapacity()).isEqualTo(4);
	}

	@Test
	void rejectsANonNumericMaxReceiveCount() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StageConfig.from(context(Map.of("stage", "dev", "account", "123456789012", "region",
					"eu-west-1", "maxReceiveCount", "lots")), NO_ENV))
			.withMessageContaining("maxReceiveCount");
	}

	private static java.util.function.Function<String, Object> context(Map<String, Object> values) {
		return new HashMap<>(values)::get;
	}

}
