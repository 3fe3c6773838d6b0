package io.jobsuite.fault.probe;

import java.time.Duration;
import java.util.List;

import io.jobsuite.model.JobType;
import io.jobsuite.model.JobTypeProvider;
import io.jobsuite.model.QueueKind;

/**
 * The fault suite's job type, contributed to the worker processes it starts (and to its
 * own dispatcher) through {@link JobTypeProvider}: the production catalog does not carry
 * it.
 */
public class FaultProbeJobs implements JobTypeProvider {

	/**
	 * Records each of its runs in {@code fault_probe_runs} and may wait or fail on
	 * request: the suite detects double and overlapping runs from its rows.
	 */
	public static final JobType FAULT_PROBE = new JobType("fault-probe", QueueKind.STANDARD, 3, Duration.ofSeconds(1));

	@Override
	public List<JobType> jobTypes() {
		return List.of(FAULT_PROBE);
	}

}
