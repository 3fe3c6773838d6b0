package io.jobsuite.api.orders;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.jobsuite.model.Utc;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** Orders and what their tasks wrote, each read by its primary key. */
@Repository
class OrderRepository {

	private final NamedParameterJdbcTemplate jdbc;

	OrderRepository(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	boolean stockExists(String sku) {
		return !jdbc.queryForList("SELECT 1 FROM stock WHERE sku = :sku", Map.of("sku", sku), Integer.class).isEmpty();
	}

	long insert(OrderRequest request) {
		KeyHolder key = new GeneratedKeyHolder();
		jdbc.update("""
				INSERT INTO orders (client_id, email, sku, quantity, created_at)
				VALUES (:clientId, :email, :sku, :quantity, UTC_TIMESTAMP(3))
				""",
				new MapSqlParameterSource("clientId", request.clientId()).addValue("email", request.email())
					.addValue("sku", request.sku())
					.addValue("quantity", request.quantity()),
				key, new String[] { "id" });
		return key.getKey().longValue();
	}

	void attachBatch(long orderId, UUID batchId) {
		jdbc.update("UPDATE orders SET batch_id = :batchId WHERE id = :id",
				Map.of("batchId", batchId.toString(), "id", orderId));
	}

	Optional<OrderView> find(long orderId) {
		return jdbc.query("""
				SELECT o.id, o.client_id, o.email, o.sku, o.quantity, o.created_at, o.confirmation_sent_at, o.batch_id,
				       r.quantity AS reserved, i.amount_cents AS invoiced
				FROM orders o
				LEFT JOIN stock_reservations r ON r.order_id = o.id
				LEFT JOIN invoices i ON i.order_id = o.id
				WHERE o.id = :id
				""", Map.of("id", orderId),
				(rs, n) -> new OrderView(rs.getLong("id"), rs.getLong("client_id"), rs.getString("email"),
						rs.getString("sku"), rs.getInt("quantity"), Utc.instant(rs, "created_at"),
						Utc.instant(rs, "confirmation_sent_at"), rs.getObject("reserved", Integer.class),
						rs.getObject("invoiced", Long.class),
						rs.getString("batch_id") == null ? null : UUID.fromString(rs.getString("batch_id")), List.of()))
			.stream()
			.findFirst();
	}

	/** The jobs of a batch (an order's three) and their states. */
	List<OrderView.Task> tasks(UUID batchId) {
		return jdbc.query("""
				SELECT b.job_key, b.job_id, j.status FROM batch_jobs b JOIN jobs j ON j.id = b.job_id
				WHERE b.batch_id = :batchId ORDER BY j.created_at, b.job_id
				""", Map.of("batchId", batchId.toString()), (rs, n) -> new OrderView.Task(rs.getString("job_key"),
				UUID.fromString(rs.getString("job_id")), rs.getString("status")));
	}

}
