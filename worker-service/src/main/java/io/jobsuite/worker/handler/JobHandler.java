package io.jobsuite.worker.handler;

import io.jobsuite.model.JobType;

/**
 * Runs one attempt of a job type. To add a job type, implement this as a Spring bean in
 * the worker and add its {@link JobType} to {@code JobTypes}. Throwing fails the attempt,
 * which is retried with backoff until the type's max attempts; throw
 * {@link PermanentJobFailure} for input that can never succeed.
 *
 * @param <P> the payload, read from the job's JSON
 * @param <R> the result, written as JSON on the job
 */
public interface JobHandler<P, R> {

	JobType type();

	Class<P> payloadType();

	R handle(P payload, JobContext context) throws Exception;

}
