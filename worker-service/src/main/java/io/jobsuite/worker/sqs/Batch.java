package io.jobsuite.worker.sqs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import io.jobsuite.model.JobMessage;
import io.jobsuite.model.JobMessageCodec;
import io.jobsuite.model.JobMessageCodec.Decoded;
import io.jobsuite.worker.run.Outcome;

import org.springframework.messaging.Message;

/**
 * A received batch decoded: the jobs it carries (each once, in order), and the messages
 * settled without looking at a job (malformed, a bundle on FIFO, a bundle that came back,
 * a second copy of a job in the same batch).
 */
final class Batch {

	private final Map<Message<String>, Settlement> settled = new LinkedHashMap<>();

	private final Map<UUID, Delivery> deliveries = new LinkedHashMap<>();

	private final Map<Message<String>, Decoded.Valid> bundles = new LinkedHashMap<>();

	void settle(Message<String> message, Settlement settlement) {
		settled.put(message, settlement);
	}

	void carry(Message<String> message, Decoded.Valid valid) {
		if (valid.bundle()) {
			bundles.put(message, valid);
		}
		for (JobMessage job : valid.jobs()) {
			if (deliveries.putIfAbsent(job.id(), new Delivery(message, job)) != null && !valid.bundle()) {
				// The same job twice in one batch: the first copy stays until the job is
				// done.
				settled.put(message, new Settlement.Delete());
			}
		}
	}

	List<Delivery> deliveries() {
		return List.copyOf(deliveries.values());
	}

	/**
	 * Every message's settlement: a single job's message as its outcome decides; a bundle
	 * deleted as a whole once each of its jobs that is not simply done went on as a part
	 * of its own (a job carried twice is settled by its first copy).
	 */
	Map<Message<String>, Settlement> settlements(Map<UUID, Outcome> outcomes, Function<Outcome, Settlement> decide,
			JobMessageCodec codec) {
		Map<Message<String>, Settlement> settlements = new LinkedHashMap<>(settled);
		Map<UUID, Settlement> byJob = new LinkedHashMap<>();
		outcomes.forEach((id, outcome) -> byJob.put(id, decide.apply(outcome)));
		deliveries.values()
			.stream()
			.filter(delivery -> !bundles.containsKey(delivery.message()))
			.forEach(delivery -> settlements.putIfAbsent(delivery.message(), byJob.get(delivery.jobId())));
		bundles.forEach((message, bundle) -> {
			List<Settlement.Part> parts = new ArrayList<>();
			for (JobMessage job : bundle.jobs()) {
				Delivery settling = deliveries.get(job.id());
				Settlement settlement = byJob.get(job.id());
				if (settling.message() == message && settling.job() == job
						&& !(settlement instanceof Settlement.Delete)) {
					parts.add(new Settlement.Part(codec.write(job), settlement));
				}
			}
			settlements.put(message, new Settlement.Split(withRejected(bundle, parts)));
		});
		return settlements;
	}

	/**
	 * The bundle's entries that are not jobs go to the dead-letter queue, each on its
	 * own.
	 */
	static List<Settlement.Part> withRejected(Decoded.Valid bundle, List<Settlement.Part> parts) {
		bundle.rejected()
			.forEach(rejected -> parts
				.add(new Settlement.Part(rejected.body(), new Settlement.DeadLetter(rejected.reason(), true))));
		return parts;
	}

}
