package io.jobsuite.worker.orders;

/**
 * The payload of each of an order's tasks: the order, whose row holds everything else.
 *
 * @param orderId the order
 */
record OrderTask(long orderId) {

}
