package io.jobsuite.worker.probe;

import java.time.Duration;
import java.util.List;

import io.jobsuite.model.JobType;
import io.jobsuite.model.JobTypeProvider;
import io.jobsuite.model.QueueKind;

/**
 * The worker tests' own job type, contributed through {@link JobTypeProvider} so that the
 * production catalog does not carry it.
 */
public class ProbeJobs implements JobTypeProvider {

	/**
	 * Records each of its runs in {@code probe_runs} and may wait or fail on request.
	 */
	public static final JobType PROBE = new JobType("test-probe", QueueKind.STANDARD, 3, Duration.ofSeconds(1));

	/** Reports progress many times a second; see {@code ProgressProbeHandler}. */
	public static final JobType PROGRESS = new JobType("test-progress", QueueKind.STANDARD, 1, Duration.ofSeconds(1));

	/** Ignores its interrupts; see {@code StubbornProbeHandler}. */
	public static final JobType STUBBORN = new JobType("test-stubborn", QueueKind.STANDARD, 3, Duration.ofSeconds(1));

	@Override
	public List<JobType> jobTypes() {
		return List.of(PROBE, PROGRESS, STUBBORN);
	}

}
