package io.jobsuite.api.batches;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import tools.jackson.databind.JsonNode;

/**
 * A request to dispatch a batch.
 *
 * @param name what the batch is, for people
 * @param policy {@code CANCEL_DEPENDENTS} (default): a job that fails for good cancels
 * the jobs after it; {@code CONTINUE}: they run all the same
 * @param jobs the batch's jobs, 1 to 10,000
 * @param onSuccess a job dispatched once when every job succeeded
 * @param onFailure a job dispatched once when the batch ended with a job failed or
 * cancelled
 * @param onComplete a job dispatched once when every job ended
 */
public record BatchRequest(@NotBlank @Size(max = 200) String name,
		@Pattern(regexp = "CANCEL_DEPENDENTS|CONTINUE",
				message = "must be 'CANCEL_DEPENDENTS' or 'CONTINUE'") String policy,
		@NotNull @Size(min = 1, max = 10_000) List<@Valid @NotNull Job> jobs, @Valid Callback onSuccess,
		@Valid Callback onFailure, @Valid Callback onComplete) {

	/**
	 * One job of the batch.
	 *
	 * @param key its name in the batch, which {@code after} lists refer to
	 * @param type a registered job type (not a FIFO one)
	 * @param payload the handler's input, a JSON object
	 * @param after the keys of the jobs that must succeed before this one starts
	 * @param maxAttempts attempts before it fails; default the type's
	 */
	public record Job(@NotBlank @Size(max = 100) String key, @NotBlank String type, @NotNull JsonNode payload,
			@Size(max = 10_000) List<@NotBlank String> after, @Min(1) @Max(25) Integer maxAttempts) {
	}

	/** A callback job: a registered type and its payload, a JSON object. */
	public record Callback(@NotBlank String type, @NotNull JsonNode payload) {
	}

}
