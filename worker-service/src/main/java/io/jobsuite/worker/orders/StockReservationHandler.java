package io.jobsuite.worker.orders;

import io.jobsuite.model.JobType;
import io.jobsuite.model.JobTypes;
import io.jobsuite.worker.handler.JobContext;
import io.jobsuite.worker.handler.JobHandler;
import io.jobsuite.worker.orders.OrderStore.Reservation;

import org.springframework.stereotype.Component;

/**
 * Reserves an order's stock, once: the reservation and the stock update are one fenced
 * transaction, so a run either did both or neither, and a run that finds the order's
 * reservation (its own earlier attempt that committed before a crash) takes nothing.
 * Stock that is unknown or short fails the task for good.
 */
@Component
class StockReservationHandler implements JobHandler<OrderTask, StockReservationHandler.Reserved> {

	private final OrderStore orders;

	StockReservationHandler(OrderStore orders) {
		this.orders = orders;
	}

	@Override
	public JobType type() {
		return JobTypes.STOCK_RESERVATION;
	}

	@Override
	public Class<OrderTask> payloadType() {
		return OrderTask.class;
	}

	@Override
	public Reserved handle(OrderTask task, JobContext context) {
		return context.fenced(() -> {
			Order order = orders.order(task.orderId());
			return orders.reservation(order.id())
				.map(earlier -> Reserved.of(earlier, false))
				.orElseGet(() -> Reserved.of(orders.reserve(order, context.jobId()), true));
		});
	}

	/**
	 * What the run did.
	 *
	 * @param sku the item
	 * @param quantity how many are reserved for the order
	 * @param reserved false when an earlier run had reserved them
	 */
	record Reserved(String sku, int quantity, boolean reserved) {

		static Reserved of(Reservation reservation, boolean reserved) {
			return new Reserved(reservation.sku(), reservation.quantity(), reserved);
		}

	}

}
