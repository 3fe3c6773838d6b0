package io.jobsuite.model;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JobTypesTest {

	@Test
	void builtInCatalogHoldsOnlyTheTypesProductionRuns() {
		assertThat(JobTypes.BUILT_IN).extracting(JobType::name)
			.containsExactly("client-sync", "project-build", "noop", "table-statistics", "order-confirmation-email",
					"stock-reservation", "invoice");
	}

	@Test
	void typeContributedByAProviderIsFoundLikeABuiltInOne() {
		assertThat(JobTypes.find("contributed-in-test")).contains(TestJobTypes.CONTRIBUTED);
		assertThat(JobTypes.find("noop")).contains(JobTypes.NOOP);
		assertThat(JobTypes.find("fault-probe")).isEmpty();
		assertThat(JobTypes.all()).containsAll(JobTypes.BUILT_IN)
			.contains(TestJobTypes.CONTRIBUTED)
			.hasSize(JobTypes.BUILT_IN.size() + 1);
	}

	@Test
	void onlyTestCodeContributesJobTypes() throws IOException {
		List<URL> providers = Collections
			.list(getClass().getClassLoader().getResources("META-INF/services/" + JobTypeProvider.class.getName()));
		assertThat(providers).isNotEmpty().allSatisfy(url -> assertThat(url.toString()).contains("/test-classes/"));
	}

}
