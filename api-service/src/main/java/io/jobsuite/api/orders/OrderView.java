package io.jobsuite.api.orders;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An order and how far its tasks got.
 *
 * @param id the order
 * @param clientId the client that ordered
 * @param email where the confirmation goes
 * @param sku the stock item
 * @param quantity how many
 * @param createdAt when it was placed
 * @param confirmationSentAt when the confirmation was sent, or null
 * @param reservedQuantity how many are reserved for it, or null before the reservation
 * @param invoicedCents the invoiced amount in cents, or null before the invoice
 * @param batchId the batch of its tasks
 * @param tasks its tasks' jobs and their states
 */
record OrderView(long id, long clientId, String email, String sku, int quantity, Instant createdAt,
		Instant confirmationSentAt, Integer reservedQuantity, Long invoicedCents, UUID batchId, List<Task> tasks) {

	OrderView withTasks(List<Task> tasks) {
		return new OrderView(id, clientId, email, sku, quantity, createdAt, confirmationSentAt, reservedQuantity,
				invoicedCents, batchId, tasks);
	}

	/**
	 * One task of the order.
	 *
	 * @param key confirmation, reservation or invoice
	 * @param jobId its job, at {@code GET /api/jobs/{jobId}}
	 * @param status the job's status
	 */
	record Task(String key, UUID jobId, String status) {

	}

}
