package io.jobsuite.worker.noop;

import java.util.Map;

import io.jobsuite.model.JobType;
import io.jobsuite.model.JobTypes;
import io.jobsuite.worker.handler.JobContext;
import io.jobsuite.worker.handler.JobHandler;

import org.springframework.stereotype.Component;

/**
 * Succeeds without doing anything: what remains is the cost of the job machinery itself.
 */
@Component
class NoopHandler implements JobHandler<Map<String, Object>, Void> {

	@Override
	public JobType type() {
		return JobTypes.NOOP;
	}

	@Override
	@SuppressWarnings("unchecked")
	public Class<Map<String, Object>> payloadType() {
		return (Class<Map<String, Object>>) (Class<?>) Map.class;
	}

	@Override
	public Void handle(Map<String, Object> payload, JobContext context) {
		return null;
	}

}
