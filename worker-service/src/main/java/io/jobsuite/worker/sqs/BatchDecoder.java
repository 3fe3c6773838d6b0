package io.jobsuite.worker.sqs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.jobsuite.model.JobMessageCodec;
import io.jobsuite.model.JobMessageCodec.Decoded;
import io.jobsuite.model.QueueKind;
import io.jobsuite.worker.metrics.JobMetrics;

import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/** Reads a received batch into the jobs it carries and the messages that carry none. */
@Component
class BatchDecoder {

	private final JobMessageCodec codec;

	private final JobMetrics metrics;

	BatchDecoder(JobMessageCodec codec, JobMetrics metrics) {
		this.codec = codec;
		this.metrics = metrics;
	}

	Batch decode(QueueKind queue, List<Message<String>> messages) {
		Batch batch = new Batch();
		for (Message<String> message : messages) {
			Decoded decoded = codec.read(message.getPayload());
			if (decoded instanceof Decoded.Malformed malformed) {
				batch.settle(message, new Settlement.DeadLetter(malformed.reason(), true));
			}
			else if (decoded instanceof Decoded.Valid valid && valid.bundle() && queue.isFifo()) {
				batch.settle(message,
						new Settlement.DeadLetter("a bundle of jobs on a FIFO queue, where order is per job", true));
			}
			else if (decoded instanceof Decoded.Valid valid && valid.bundle() && Delivery.receiveCount(message) > 1) {
				metrics.bundleReturned(queue);
				batch.settle(message, brokenUp(valid));
			}
			else if (decoded instanceof Decoded.Valid valid) {
				batch.carry(message, valid);
			}
		}
		return batch;
	}

	/**
	 * A bundle that comes back (its worker died or stalled holding it) is broken up, its
	 * jobs sent on as messages of their own: each then has its own receive count, so that
	 * crashes while ten jobs travel together do not take all ten to the redrive limit at
	 * once.
	 */
	private Settlement brokenUp(Decoded.Valid bundle) {
		List<Settlement.Part> parts = new ArrayList<>();
		bundle.jobs()
			.forEach(job -> parts.add(new Settlement.Part(codec.write(job), new Settlement.Resend(Duration.ZERO))));
		return new Settlement.Split(Batch.withRejected(bundle, parts));
	}

}
