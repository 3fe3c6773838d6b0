package io.jobsuite.worker.probe;

import java.time.Clock;
import java.util.Map;

import io.jobsuite.model.JobType;
import io.jobsuite.worker.handler.JobContext;
import io.jobsuite.worker.handler.JobHandler;

import org.springframework.stereotype.Component;

/**
 * The progress tests' job: reports {@code reports} times, {@code spacingMillis} apart,
 * and answers how long that took.
 */
@Component
class ProgressProbeHandler implements JobHandler<ProgressProbeHandler.Payload, Map<String, Object>> {

	private final Clock clock;

	ProgressProbeHandler(Clock clock) {
		this.clock = clock;
	}

	@Override
	public JobType type() {
		return ProbeJobs.PROGRESS;
	}

	@Override
	public Class<Payload> payloadType() {
		return Payload.class;
	}

	@Override
	public Map<String, Object> handle(Payload payload, JobContext context) throws InterruptedException {
		long start = clock.millis();
		for (int i = 1; i <= payload.reports(); i++) {
			Thread.sleep(payload.spacingMillis());
			context.reportProgress((double) i / payload.reports(), "report " + i + " of " + payload.reports());
		}
		return Map.of("reportingMillis", clock.millis() - start);
	}

	/** How many reports, how far apart. */
	public record Payload(int reports, long spacingMillis) {
	}

}
