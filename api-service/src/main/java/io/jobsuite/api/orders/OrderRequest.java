package io.jobsuite.api.orders;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * An order for one of the caller's clients.
 *
 * @param clientId the client that orders (a user's own; ops: any)
 * @param email where the confirmation goes
 * @param sku the stock item
 * @param quantity how many, 1 to 1000
 */
record OrderRequest(@NotNull Long clientId, @NotBlank @Email @Size(max = 254) String email,
		@NotBlank @Size(max = 64) String sku, @NotNull @Min(1) @Max(1000) Integer quantity) {

}
