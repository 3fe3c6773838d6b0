package io.jobsuite.worker.handler;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

/**
 * The handlers this worker has, by job type name; two handlers for one type fail the
 * start-up.
 */
@Component
public class JobHandlers {

	private final Map<String, JobHandler<?, ?>> byType;

	JobHandlers(List<JobHandler<?, ?>> handlers) {
		this.byType = handlers.stream()
			.collect(Collectors.toUnmodifiableMap(h -> h.type().name(), Function.identity(), (a, b) -> {
				throw new IllegalStateException("Two handlers for job type " + a.type().name() + ": "
						+ a.getClass().getName() + " and " + b.getClass().getName());
			}));
	}

	public Optional<JobHandler<?, ?>> forType(String type) {
		return Optional.ofNullable(byType.get(type));
	}

	/** The job type names this worker can run. */
	public Set<String> types() {
		return byType.keySet();
	}

}
