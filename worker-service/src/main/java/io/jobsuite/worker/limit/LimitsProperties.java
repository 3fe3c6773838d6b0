package io.jobsuite.worker.limit;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Concurrency limits shared by every worker.
 *
 * @param jobTypes job type name to how many of its jobs may run at once across the fleet;
 * a type not listed has no limit and costs no statement
 * @param permitLease how long a permit holds without a renewal; the heartbeat renews it
 * with the job's lease, so a dead worker's permits come free after this
 * @param recheck how soon a job that found every permit taken is tried again (its attempt
 * given back)
 * @param upstream the adaptive limits of the hosts that handlers call
 */
@Validated
@ConfigurationProperties("jobs.limits")
public record LimitsProperties(Map<String, Integer> jobTypes, @NotNull Duration permitLease, @NotNull Duration recheck,
		@Valid @NotNull Upstream upstream) {

	public LimitsProperties {
		// An empty map in YAML binds as none.
		jobTypes = jobTypes == null ? Map.of() : Map.copyOf(jobTypes);
	}

	/**
	 * The adaptive limit of each upstream host: multiplicative decrease when it pushes
	 * back, additive increase on successes.
	 *
	 * @param max the most calls at once to one host, fleet-wide; 0 turns upstream limits
	 * off
	 * @param hosts host name to its own max, instead of {@code max}
	 * @param decrease the factor a push-back multiplies the limit by
	 * @param cooldown one decrease per this, however many workers saw the same push-back
	 * @param defaultRetryAfter the pause after a 429 that names no Retry-After
	 * @param maxRetryAfter the longest pause a Retry-After may ask for
	 * @param recentWindow throttles further apart than this start the recent count again
	 */
	public record Upstream(@Min(0) int max, Map<String, Integer> hosts,
			@DecimalMin("0.1") @DecimalMax("0.9") double decrease, @NotNull Duration cooldown,
			@NotNull Duration defaultRetryAfter, @NotNull Duration maxRetryAfter, @NotNull Duration recentWindow) {

		public Upstream {
			hosts = hosts == null ? Map.of() : Map.copyOf(hosts);
		}

		/** The max of this host; 0 when it has no limit. */
		public int maxOf(String host) {
			return hosts.getOrDefault(host, max);
		}

	}

}
