package io.jobsuite.api.orders;

import java.util.Map;
import java.util.UUID;

/**
 * The answer to an order: the order, and the batch whose jobs do its tasks.
 *
 * @param orderId the order, at {@code GET /api/orders/{orderId}}
 * @param batchId the batch of its tasks
 * @param jobs each task's job ({@code confirmation}, {@code reservation},
 * {@code invoice}), at {@code GET /api/jobs/{id}}
 */
record OrderPlaced(long orderId, UUID batchId, Map<String, UUID> jobs) {

}
