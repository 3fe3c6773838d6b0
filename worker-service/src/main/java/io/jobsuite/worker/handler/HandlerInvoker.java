package io.jobsuite.worker.handler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.jobsuite.worker.WorkerProperties;
import io.jobsuite.model.store.ClaimedJob;
import io.jobsuite.model.store.Completion;
import io.jobsuite.model.store.Completion.AttemptError;
import io.jobsuite.model.store.JobLeases;
import io.jobsuite.model.store.JobProgress;
import io.jobsuite.model.trace.JobTracing;
import io.jobsuite.worker.lease.Run;
import io.jobsuite.worker.trace.JobSpans;
import io.micrometer.tracing.Span;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Runs a claimed job's handler and turns what happened into a {@link Completion}. */
@Component
public class HandlerInvoker {

	private static final Logger log = LoggerFactory.getLogger(HandlerInvoker.class);

	private final JobHandlers handlers;

	private final ObjectMapper mapper;

	private final Clock clock;

	private final WorkerProperties properties;

	private final JobLeases leases;

	private final JobProgress progress;

	private final TransactionTemplate transaction;

	private final JobSpans spans;

	HandlerInvoker(JobHandlers handlers, ObjectMapper mapper, Clock clock, WorkerProperties properties,
			JobLeases leases, JobProgress progress, PlatformTransactionManager transactions, JobSpans spans) {
		this.spans = spans;
		this.handlers = handlers;
		this.mapper = mapper;
		this.clock = clock;
		this.properties = properties;
		this.leases = leases;
		this.progress = progress;
		this.transaction = new TransactionTemplate(transactions);
	}

	/**
	 * Runs the handler of a claimed job on this thread; its side effects are fenced by
	 * the run's lease. Null when the handler asked to wait ({@link Run#waitFor()}).
	 */
	public Completion run(Run run) {
		ClaimedJob job = run.job();
		Span span = spans.handler(job);
		try (var traced = spans.tracing().inScope(span); var scope = JobLogContext.open(job)) {
			Completion completion = complete(job, run);
			// Null: the handler asked to wait (a permit, an upstream's Retry-After).
			span.tag("job.outcome", completion == null ? "WAIT" : completion.status().name());
			return completion;
		}
		finally {
			span.end();
		}
	}

	private Completion complete(ClaimedJob job, Run run) {
		Instant start = clock.instant();
		try {
			JobHandler<?, ?> handler = handlers.forType(job.type())
				.orElseThrow(() -> new IllegalStateException("This worker has no handler for " + job.type()));
			String result = invoke(handler, job, new LeaseFence(run, leases, progress, transaction));
			log.info("Job succeeded");
			return Completion.succeeded(job, Duration.between(start, clock.instant()), result);
		}
		catch (JobMustWait ex) {
			log.info("Job waits {}: {}", ex.retryIn(), ex.getMessage());
			run.mustWait(ex.retryIn());
			return null;
		}
		catch (PermanentJobFailure ex) {
			log.warn("Job failed permanently: {}", ex.getMessage());
			return Completion.failed(job, Duration.between(start, clock.instant()), AttemptError.of(ex));
		}
		catch (Exception | Error ex) {
			// An Error from a handler (a stack overflow, a missing class) is a failed
			// attempt too: the batch it runs in goes on and writes every result.
			return failedAttempt(job, Duration.between(start, clock.instant()), ex);
		}
	}

	private Completion failedAttempt(ClaimedJob job, Duration ran, Throwable ex) {
		if (job.lastAttempt()) {
			log.warn("Job failed on its last attempt: {}", ex.toString());
			return Completion.failed(job, ran, AttemptError.of(ex));
		}
		Duration retryIn = Backoff.after(job.attempt(), job.backoffBase(), properties.maxBackoff());
		log.info("Job attempt failed, retrying in {}: {}", retryIn, ex.toString());
		return Completion.retry(job, ran, retryIn, AttemptError.of(ex));
	}

	private <P, R> String invoke(JobHandler<P, R> handler, ClaimedJob job, LeaseFence fence) throws Exception {
		P payload;
		try {
			payload = mapper.readValue(job.payload(), handler.payloadType());
		}
		catch (JacksonException ex) {
			throw new PermanentJobFailure(
					"Payload is not a valid " + handler.payloadType().getSimpleName() + ": " + ex.getOriginalMessage(),
					ex);
		}
		ThrottledProgress reports = new ThrottledProgress(clock, fence);
		R result = handler.handle(payload, new JobContext(job.id(), job.type(), job.attempt(), job.clientId(),
				job.messageGroup(), JobTracing.traceIdOf(job.traceParent()), fence, reports, fence));
		// The API shows the handler's last word, not the last one the throttle let
		// through.
		reports.flush();
		return result == null ? null : mapper.writeValueAsString(result);
	}

	/**
	 * Puts the job's identity on every log line written while it runs (the handler span
	 * puts its trace).
	 */
	static final class JobLogContext implements AutoCloseable {

		static JobLogContext open(ClaimedJob job) {
			MDC.put("jobId", job.id().toString());
			MDC.put("jobType", job.type());
			MDC.put("attempt", Integer.toString(job.attempt()));
			if (job.clientId() != null) {
				MDC.put("clientId", job.clientId().toString());
			}
			return new JobLogContext();
		}

		@Override
		public void close() {
			MDC.remove("jobId");
			MDC.remove("jobType");
			MDC.remove("attempt");
			MDC.remove("clientId");
		}

	}

}
