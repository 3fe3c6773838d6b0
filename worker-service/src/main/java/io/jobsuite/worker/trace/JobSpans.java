package io.jobsuite.worker.trace;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.jobsuite.model.QueueKind;
import io.jobsuite.model.store.ClaimedJob;
import io.jobsuite.model.trace.JobTracing;
import io.micrometer.tracing.Span;

import org.springframework.stereotype.Component;

/**
 * The worker's spans: receive (one per message that carries a {@code traceparent}), claim
 * (one per traced message of a batch, around the batch's one claim statement) and handler
 * (one per job run). A job's handler continues the message it came in (its receive span)
 * when that message is of the job's own trace, else its dispatch (the row's context),
 * else starts a trace of its own: a job dispatched in bulk (the scan) is a trace per run.
 */
@Component
public class JobSpans {

	private final JobTracing tracing;

	/** Job id to the traceparent of the receive span its message is in, while in hand. */
	private final Map<UUID, String> received = new ConcurrentHashMap<>();

	JobSpans(JobTracing tracing) {
		this.tracing = tracing;
	}

	/**
	 * Starts the receive span of a message that continues {@code traceParent} (the send
	 * span's), for the jobs it carries; end it with {@link #done}.
	 */
	public Span receive(QueueKind queue, String messageId, String traceParent, List<UUID> jobs) {
		Span span = tracing.start("jobs receive", Span.Kind.CONSUMER, traceParent)
			.tag("messaging.destination.name", queue.tag())
			.tag("messaging.message.id", messageId);
		String context = tracing.traceParentOf(span);
		if (context != null) {
			jobs.forEach(job -> received.put(job, context));
		}
		return span;
	}

	/** The message's jobs are settled: ends its receive span. */
	public void done(Span span, List<UUID> jobs) {
		jobs.forEach(received::remove);
		span.end();
	}

	/** Claim spans, one per traced message among these jobs; closing ends them. */
	public Claim claim(Collection<UUID> jobs) {
		Set<String> messages = new LinkedHashSet<>();
		jobs.stream().map(received::get).filter(Objects::nonNull).forEach(messages::add);
		return new Claim(messages.stream()
			.map(context -> tracing.start("job claim", context).tag("jobs", (long) jobs.size()))
			.toList());
	}

	/** Starts the handler span of a claimed job; put it in scope while it runs. */
	public Span handler(ClaimedJob job) {
		return tracing.start("job handler", parentOf(job))
			.tag("job.id", job.id().toString())
			.tag("job.type", job.type())
			.tag("job.attempt", (long) job.attempt());
	}

	public JobTracing tracing() {
		return tracing;
	}

	private String parentOf(ClaimedJob job) {
		String message = received.get(job.id());
		String dispatch = job.traceParent();
		boolean sameTrace = dispatch == null
				|| Objects.equals(JobTracing.traceIdOf(message), JobTracing.traceIdOf(dispatch));
		return message != null && sameTrace ? message : dispatch;
	}

	/** The claim spans of one claim statement. */
	public record Claim(List<Span> spans) implements AutoCloseable {

		@Override
		public void close() {
			spans.forEach(Span::end);
		}

	}

}
