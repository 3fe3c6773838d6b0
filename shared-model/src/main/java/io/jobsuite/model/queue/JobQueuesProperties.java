package io.jobsuite.model.queue;

import io.jobsuite.model.QueueKind;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The queues every service talks to, by name or URL. Each has a dead-letter queue named
 * after it.
 *
 * @param express the Sync Now queue, consumed ahead of any backlog
 * @param standard the queue of scheduled and ordinary jobs
 * @param fifo the FIFO queue whose message groups keep per-group order (its name ends in
 * .fifo)
 */
@Validated
@ConfigurationProperties("jobs.queues")
public record JobQueuesProperties(@NotBlank String express, @NotBlank String standard, @NotBlank String fifo) {

	public String nameOf(QueueKind kind) {
		return switch (kind) {
			case EXPRESS -> express;
			case STANDARD -> standard;
			case FIFO -> fifo;
		};
	}

	/**
	 * The dead-letter queue of a queue: {@code x-dlq}, or {@code x-dlq.fifo} for
	 * {@code x.fifo}.
	 */
	public String deadLetterNameOf(QueueKind kind) {
		return deadLetterName(nameOf(kind));
	}

	public static String deadLetterName(String queue) {
		return queue.endsWith(".fifo") ? queue.substring(0, queue.length() - 5) + "-dlq.fifo" : queue + "-dlq";
	}

}
