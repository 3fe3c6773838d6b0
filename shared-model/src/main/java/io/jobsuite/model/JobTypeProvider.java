package io.jobsuite.model;

import java.util.List;

/**
 * Job types contributed from outside the built-in catalog, found with
 * {@link java.util.ServiceLoader} (a
 * {@code META-INF/services/io.jobsuite.model.JobTypeProvider} file on the class path).
 * The production jars carry none: tests and the fault suite use it to add types of their
 * own (and their handlers) without shipping them. {@link JobTypes#find(String)} answers
 * contributed types like built-in ones.
 */
public interface JobTypeProvider {

	/** The job types this provider adds; a name may not repeat one already known. */
	List<JobType> jobTypes();

}
