package io.jobsuite.api.orders;

import java.net.URI;

import jakarta.validation.Valid;

import io.jobsuite.api.clients.ClientAccess;
import io.jobsuite.api.web.ProblemException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The example order workflow: place an order for one of the caller's clients, and follow
 * it.
 */
@RestController
@RequestMapping("/api/orders")
class OrderController {

	private final OrderPlacement placement;

	private final OrderRepository orders;

	private final ClientAccess access;

	OrderController(OrderPlacement placement, OrderRepository orders, ClientAccess access) {
		this.placement = placement;
		this.orders = orders;
		this.access = access;
	}

	/** 202 with the order and its tasks' batch. */
	@PostMapping
	ResponseEntity<OrderPlaced> place(@Valid @RequestBody OrderRequest request, Authentication caller) {
		OrderPlaced placed = placement.place(request, caller);
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.location(URI.create("/api/orders/" + placed.orderId()))
			.body(placed);
	}

	/** An order of one of the caller's clients (ops: any); others answer 404. */
	@GetMapping("/{id}")
	OrderView order(@PathVariable long id, Authentication caller) {
		OrderView order = orders.find(id)
			.filter(found -> access.mayRead(found.clientId(), caller))
			.orElseThrow(() -> ProblemException.notFound("order", id));
		return order.batchId() == null ? order : order.withTasks(orders.tasks(order.batchId()));
	}

}
