package io.jobsuite.worker.orders;

import io.jobsuite.model.JobType;
import io.jobsuite.model.JobTypes;
import io.jobsuite.worker.handler.JobContext;
import io.jobsuite.worker.handler.JobHandler;
import io.jobsuite.worker.orders.OrderStore.Reservation;

import org.springframework.stereotype.Component;

/**
 * Writes an order's invoice, once, for what its reservation took. The batch starts it
 * only after the confirmation and the reservation succeeded; should it run without them
 * (a job dispatched by hand), it fails the attempt and is retried rather than invoice
 * what was not reserved.
 */
@Component
class InvoiceHandler implements JobHandler<OrderTask, InvoiceHandler.Invoiced> {

	private final OrderStore orders;

	InvoiceHandler(OrderStore orders) {
		this.orders = orders;
	}

	@Override
	public JobType type() {
		return JobTypes.INVOICE;
	}

	@Override
	public Class<OrderTask> payloadType() {
		return OrderTask.class;
	}

	@Override
	public Invoiced handle(OrderTask task, JobContext context) {
		return context.fenced(() -> {
			Order order = orders.order(task.orderId());
			return orders.invoicedAmount(order.id()).map(amount -> new Invoiced(amount, false)).orElseGet(() -> {
				Reservation reservation = orders.reservation(order.id())
					.orElseThrow(() -> new IllegalStateException("Order " + order.id() + " has no reservation yet"));
				if (order.confirmationSentAt() == null) {
					throw new IllegalStateException("Order " + order.id() + " is not confirmed yet");
				}
				orders.invoice(order.id(), reservation.amountCents(), context.jobId());
				return new Invoiced(reservation.amountCents(), true);
			});
		});
	}

	/**
	 * What the run did.
	 *
	 * @param amountCents the invoiced amount, in cents
	 * @param invoiced false when an earlier run had written the invoice
	 */
	record Invoiced(long amountCents, boolean invoiced) {

	}

}
