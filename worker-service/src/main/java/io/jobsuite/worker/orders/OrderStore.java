package io.jobsuite.worker.orders;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.jobsuite.model.Utc;
import io.jobsuite.worker.handler.PermanentJobFailure;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The order tables as the order's tasks write them. Every write is keyed by the order, so
 * a task that runs again finds its own earlier work; the callers run them in their fenced
 * transaction.
 */
@Repository
class OrderStore {

	private final NamedParameterJdbcTemplate jdbc;

	OrderStore(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** The order; a task for an order that does not exist can never succeed. */
	Order order(long orderId) {
		return jdbc
			.query("""
					SELECT id, email, sku, quantity, confirmation_sent_at FROM orders WHERE id = :id
					""", Map.of("id", orderId),
					(rs, n) -> new Order(rs.getLong("id"), rs.getString("email"), rs.getString("sku"),
							rs.getInt("quantity"), Utc.instant(rs, "confirmation_sent_at")))
			.stream()
			.findFirst()
			.orElseThrow(() -> new PermanentJobFailure("No order " + orderId));
	}

	/** Records that the confirmation was sent; false when an earlier run already had. */
	boolean markConfirmationSent(long orderId, UUID jobId) {
		return jdbc.update("""
				UPDATE orders SET confirmation_sent_at = UTC_TIMESTAMP(3), confirmation_job_id = :jobId
				WHERE id = :id AND confirmation_sent_at IS NULL
				""", Map.of("id", orderId, "jobId", jobId.toString())) == 1;
	}

	/** The order's reservation, if it has one. */
	Optional<Reservation> reservation(long orderId) {
		return jdbc
			.query("""
					SELECT sku, quantity, unit_price_cents FROM stock_reservations WHERE order_id = :id
					""", Map.of("id", orderId),
					(rs, n) -> new Reservation(rs.getString("sku"), rs.getInt("quantity"),
							rs.getLong("unit_price_cents")))
			.stream()
			.findFirst();
	}

	/**
	 * Takes the order's quantity from the stock and records the reservation, or fails for
	 * good when the stock is unknown or short. The stock row stays locked until the
	 * caller commits, so two orders never take the same units.
	 */
	Reservation reserve(Order order, UUID jobId) {
		Map<String, Object> stock = jdbc
			.queryForList("SELECT available, unit_price_cents FROM stock WHERE sku = :sku FOR UPDATE",
					Map.of("sku", order.sku()))
			.stream()
			.findFirst()
			.orElseThrow(() -> new PermanentJobFailure("No stock item " + order.sku()));
		int available = ((Number) stock.get("available")).intValue();
		if (available < order.quantity()) {
			throw new PermanentJobFailure("Not enough " + order.sku() + " for order " + order.id() + ": "
					+ order.quantity() + " wanted, " + available + " available");
		}
		Reservation reservation = new Reservation(order.sku(), order.quantity(),
				((Number) stock.get("unit_price_cents")).longValue());
		// The primary key refuses a second reservation of the order, and the exception
		// rolls back the stock update with it.
		jdbc.update("""
				INSERT INTO stock_reservations (order_id, sku, quantity, unit_price_cents, job_id, reserved_at)
				VALUES (:orderId, :sku, :quantity, :price, :jobId, UTC_TIMESTAMP(3))
				""", Map.of("orderId", order.id(), "sku", order.sku(), "quantity", order.quantity(), "price",
				reservation.unitPriceCents(), "jobId", jobId.toString()));
		jdbc.update("UPDATE stock SET available = available - :quantity WHERE sku = :sku",
				Map.of("quantity", order.quantity(), "sku", order.sku()));
		return reservation;
	}

	/** The order's invoiced amount, if it has an invoice. */
	Optional<Long> invoicedAmount(long orderId) {
		return jdbc
			.queryForList("SELECT amount_cents FROM invoices WHERE order_id = :id", Map.of("id", orderId), Long.class)
			.stream()
			.findFirst();
	}

	void invoice(long orderId, long amountCents, UUID jobId) {
		jdbc.update("""
				INSERT INTO invoices (order_id, amount_cents, job_id, created_at)
				VALUES (:orderId, :amount, :jobId, UTC_TIMESTAMP(3))
				""", Map.of("orderId", orderId, "amount", amountCents, "jobId", jobId.toString()));
	}

	/**
	 * What an order reserved, at the price of the moment it did.
	 *
	 * @param sku the item
	 * @param quantity how many
	 * @param unitPriceCents the price of one, in cents
	 */
	record Reservation(String sku, int quantity, long unitPriceCents) {

		long amountCents() {
			return quantity * unitPriceCents;
		}

	}

}
