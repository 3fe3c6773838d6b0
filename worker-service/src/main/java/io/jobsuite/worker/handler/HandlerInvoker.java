package io.jobsuite.worker.handler;

import java.time.Clock;
import java.time.Instant;

import io.jobsuite.worker.WorkerProperties;
import io.jobsuite.worker.claim.ClaimedJob;
import io.jobsuite.worker.claim.Completion;
import io.jobsuite.worker.claim.Completion.AttemptError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

import org.springframework.stereotype.Component;

/** Runs a claimed job's handler and turns what happened into a {@link Completion}. */
@Component
public class HandlerInvoker {

	private static final Logger log = LoggerFactory.getLogger(HandlerInvoker.class);

	private final JobHandlers handlers;

	private final ObjectMapper mapper;

	private final Clock clock;

	private final WorkerProperties properties;

	HandlerInvoker(JobHandlers handlers, ObjectMapper mapper, Clock clock, WorkerProperties properties) {
		this.handlers = handlers;
		this.mapper = mapper;
		this.clock = clock;
		this.properties = properties;
	}

	public Completion run(ClaimedJob job) {
		try (var scope = JobLogContext.open(job)) {
			try {
				JobHandler<?, ?> handler = handlers.forType(job.type())
					.orElseThrow(() -> new IllegalStateException("This worker has no handler for " + job.type()));
				String result = invoke(handler, job);
				log.info("Job succeeded");
				return Completion.succeeded(job, clock.instant(), result);
			}
			catch (PermanentJobFailure ex) {
				log.warn("Job failed permanently: {}", ex.getMessage());
				return Completion.failed(job, clock.instant(), AttemptError.of(ex));
			}
			catch (Exception | Error ex) {
				// An Error from a handler (a stack overflow, a missing class) is a failed
				// attempt too: the batch
				// it runs in goes on and writes every result.
				return failedAttempt(job, ex);
			}
		}
	}

	private Completion failedAttempt(ClaimedJob job, Throwable ex) {
		Instant now = clock.instant();
		if (job.lastAttempt()) {
			log.warn("Job failed on its last attempt: {}", ex.toString());
			return Completion.failed(job, now, AttemptError.of(ex));
		}
		Instant retryAt = now.plus(Backoff.after(job.attempt(), job.backoffBase(), properties.maxBackoff()));
		log.info("Job attempt failed, retrying at {}: {}", retryAt, ex.toString());
		return Completion.retry(job, now, retryAt, AttemptError.of(ex));
	}

	private <P, R> String invoke(JobHandler<P, R> handler, ClaimedJob job) throws Exception {
		P payload;
		try {
			payload = mapper.readValue(job.payload(), handler.payloadType());
		}
		catch (JacksonException ex) {
			throw new PermanentJobFailure(
					"Payload is not a valid " + handler.payloadType().getSimpleName() + ": " + ex.getOriginalMessage(),
					ex);
		}
		R result = handler.handle(payload,
				new JobContext(job.id(), job.type(), job.attempt(), job.clientId(), job.messageGroup(), job.traceId()));
		return result == null ? null : mapper.writeValueAsString(result);
	}

	/** Puts the job's identity on every log line written while it runs. */
	static final class JobLogContext implements AutoCloseable {

		static JobLogContext open(ClaimedJob job) {
			MDC.put("jobId", job.id().toString());
			MDC.put("jobType", job.type());
			MDC.put("attempt", Integer.toString(job.attempt()));
			if (job.traceId() != null) {
				MDC.put("traceId", job.traceId());
			}
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
			MDC.remove("traceId");
			MDC.remove("clientId");
		}

	}

}
