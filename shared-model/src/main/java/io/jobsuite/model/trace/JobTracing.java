package io.jobsuite.model.trace;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * A job's trace across processes and time. A job row keeps the W3C {@code traceparent} of
 * the span that dispatched it, so that whoever sends its message after the commit (this
 * process, or the relay of another one, minutes later) and the worker that runs it
 * continue the trace of the request that asked for it. Messages carry the context of
 * their send span in a {@code traceparent} message attribute.
 */
public class JobTracing {

	/** The W3C Trace Context header, and the SQS message attribute of the same name. */
	public static final String TRACEPARENT = "traceparent";

	/** For code that runs without a tracer: no spans, no contexts. */
	public static final JobTracing NOOP = new JobTracing(Tracer.NOOP, Propagator.NOOP);

	private static final Pattern W3C = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");

	private final Tracer tracer;

	private final Propagator propagator;

	public JobTracing(Tracer tracer, Propagator propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	/**
	 * Starts a span under the current one (a new trace when there is none); put it in
	 * scope with {@link #inScope}.
	 */
	public Span startChild(String name) {
		return tracer.nextSpan().name(name).start();
	}

	/**
	 * Starts a span that continues {@code traceParent}, or a new trace when there is none
	 * (null, or not a W3C traceparent).
	 */
	public Span start(String name, String traceParent) {
		return builder(traceParent).name(name).start();
	}

	/** {@link #start(String, String)} for a span of this kind (a send, a receive). */
	public Span start(String name, Span.Kind kind, String traceParent) {
		return builder(traceParent).name(name).kind(kind).start();
	}

	private Span.Builder builder(String traceParent) {
		return traceParent == null ? tracer.spanBuilder().setNoParent()
				: propagator.extract(Map.of(TRACEPARENT, traceParent), Map::get);
	}

	/** Makes the span current on this thread (log lines carry its ids) until closed. */
	public Tracer.SpanInScope inScope(Span span) {
		return tracer.withSpan(span);
	}

	/** The span's W3C traceparent; null without a tracer. */
	public String traceParentOf(Span span) {
		Map<String, String> carrier = new HashMap<>(2);
		propagator.inject(span.context(), carrier, Map::put);
		return carrier.get(TRACEPARENT);
	}

	/** The trace id (32 hex digits) of a W3C traceparent; null for anything else. */
	public static String traceIdOf(String traceParent) {
		if (traceParent == null) {
			return null;
		}
		var matcher = W3C.matcher(traceParent);
		return matcher.matches() ? matcher.group(1) : null;
	}

}
