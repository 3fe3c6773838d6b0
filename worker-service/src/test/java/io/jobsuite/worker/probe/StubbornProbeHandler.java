package io.jobsuite.worker.probe;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.jobsuite.model.JobType;
import io.jobsuite.worker.handler.JobContext;
import io.jobsuite.worker.handler.JobHandler;

import org.springframework.stereotype.Component;

/**
 * The cancel tests' handler that ignores interrupts: it waits for its cancel (at most
 * {@code maxMillis}), then works on for {@code afterCancelMillis} whatever happens.
 */
@Component
public class StubbornProbeHandler implements JobHandler<StubbornProbeHandler.Payload, Map<String, Object>> {

	/** Runs started, over the test JVM's life. */
	public static final AtomicInteger RUNS = new AtomicInteger();

	private final Clock clock;

	StubbornProbeHandler(Clock clock) {
		this.clock = clock;
	}

	@Override
	public JobType type() {
		return ProbeJobs.STUBBORN;
	}

	@Override
	public Class<Payload> payloadType() {
		return Payload.class;
	}

	@Override
	public Map<String, Object> handle(Payload payload, JobContext context) {
		RUNS.incrementAndGet();
		long giveUp = clock.millis() + payload.maxMillis();
		while (!context.isCancelRequested() && clock.millis() < giveUp) {
			pauseIgnoringInterrupts();
		}
		long until = clock.millis() + payload.afterCancelMillis();
		while (clock.millis() < until) {
			pauseIgnoringInterrupts();
		}
		return Map.of("cancelSeen", context.isCancelRequested());
	}

	private static void pauseIgnoringInterrupts() {
		try {
			Thread.sleep(20);
		}
		catch (InterruptedException ex) {
			// Ignored on purpose: this handler is the one that does not stop.
		}
	}

	/** How long to wait for a cancel at most, and how long to run on after it. */
	public record Payload(long maxMillis, long afterCancelMillis) {
	}

}
