package io.jobsuite.model;

import java.time.Duration;
import java.util.List;

/**
 * A job type only this module's tests know, contributed the way the fault suite adds its
 * own.
 */
public class TestJobTypes implements JobTypeProvider {

	static final JobType CONTRIBUTED = new JobType("contributed-in-test", QueueKind.STANDARD, 2, Duration.ofSeconds(1));

	@Override
	public List<JobType> jobTypes() {
		return List.of(CONTRIBUTED);
	}

}
