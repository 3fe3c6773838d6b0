package io.jobsuite.model.dispatch;

import java.time.Duration;

import io.jobsuite.model.JobMessageCodec;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The outbox relay.
 *
 * @param relayAfter how long a job may stay unsent before the relay sends it; longer than
 * a normal dispatch takes
 * @param recheckAfter how long a sent job may go unclaimed, a retry stay overdue, or an
 * expired lease stay untaken, before the relay gives the job a fresh message (a job that
 * keeps waiting in a backlog is sent again after its age at the last send, so ever more
 * rarely); about two leases
 * @param interval how often the relay looks
 * @param batchSize how many rows one relay page locks and sends
 * @param jobsPerMessage how many jobs one standard-queue message carries (1 to 10;
 * express and FIFO messages always carry one): fewer SQS requests per job, at the price
 * of a message's jobs going to one worker together
 * @param dueTick how finely the sends of delayed jobs are timed: the jobs due within one
 * tick go out together, bundled on the standard queue, a tick late at most
 */
@Validated
@ConfigurationProperties("jobs.outbox")
public record OutboxProperties(@DefaultValue("10s") @NotNull Duration relayAfter,
		@DefaultValue("2m") @NotNull Duration recheckAfter, @DefaultValue("5s") @NotNull Duration interval,
		@DefaultValue("500") @Min(1) @Max(10_000) int batchSize,
		@DefaultValue("10") @Min(1) @Max(JobMessageCodec.MAX_JOBS_PER_MESSAGE) int jobsPerMessage,
		@DefaultValue("50ms") @NotNull Duration dueTick) {

	/**
	 * How long before a delayed job is due the relay takes it and times its send: two
	 * relay rounds, so that one round always falls in between.
	 */
	public Duration lead() {
		return interval.multipliedBy(2);
	}

}
