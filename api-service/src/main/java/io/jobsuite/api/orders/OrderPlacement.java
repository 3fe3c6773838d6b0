package io.jobsuite.api.orders;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.jobsuite.api.clients.ClientAccess;
import io.jobsuite.api.web.ProblemException;
import io.jobsuite.model.JobTypes;
import io.jobsuite.model.NewBatch;
import io.jobsuite.model.NewJob;
import io.jobsuite.model.dispatch.DispatchedBatch;
import io.jobsuite.model.dispatch.JobDispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Places an order: its row and the batch of its three tasks in one transaction. The
 * confirmation email and the stock reservation run at once, side by side; the invoice
 * runs after both succeeded, and is cancelled when either fails for good (the batch's
 * default policy).
 */
@Service
class OrderPlacement {

	private static final Logger log = LoggerFactory.getLogger(OrderPlacement.class);

	private static final String CONFIRMATION = "confirmation";

	private static final String RESERVATION = "reservation";

	private static final String INVOICE = "invoice";

	private final ClientAccess access;

	private final OrderRepository orders;

	private final JobDispatcher dispatcher;

	OrderPlacement(ClientAccess access, OrderRepository orders, JobDispatcher dispatcher) {
		this.access = access;
		this.orders = orders;
		this.dispatcher = dispatcher;
	}

	/**
	 * 404 for a client the caller may not see, 400 for an unknown item. Whether there is
	 * enough of it is the reservation's to say.
	 */
	@Transactional
	public OrderPlaced place(OrderRequest request, Authentication caller) {
		access.visibleClient(request.clientId(), caller);
		if (!orders.stockExists(request.sku())) {
			throw ProblemException.badRequest("Unknown sku '" + request.sku() + "'");
		}
		long orderId = orders.insert(request);
		String task = "{\"orderId\":" + orderId + "}";
		DispatchedBatch batch = dispatcher.dispatchBatch(NewBatch.named("order " + orderId)
			.add(CONFIRMATION, job(NewJob.of(JobTypes.ORDER_CONFIRMATION_EMAIL, task), request))
			.add(RESERVATION, job(NewJob.of(JobTypes.STOCK_RESERVATION, task), request))
			.add(INVOICE, job(NewJob.of(JobTypes.INVOICE, task), request), CONFIRMATION, RESERVATION));
		orders.attachBatch(orderId, batch.batchId());
		log.atInfo()
			.addKeyValue("clientId", request.clientId())
			.log("Order {} by {}: batch {}", orderId, caller.getName(), batch.batchId());
		Map<String, UUID> jobs = new LinkedHashMap<>();
		// In the order the tasks were added, for people reading the answer.
		List.of(CONFIRMATION, RESERVATION, INVOICE).forEach(key -> jobs.put(key, batch.jobId(key)));
		return new OrderPlaced(orderId, batch.batchId(), jobs);
	}

	/** The order's tasks are its client's jobs: its owner follows them. */
	private static NewJob job(NewJob job, OrderRequest request) {
		return job.forClient(request.clientId());
	}

}
