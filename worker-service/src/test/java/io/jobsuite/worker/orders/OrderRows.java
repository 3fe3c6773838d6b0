package io.jobsuite.worker.orders;

import java.util.UUID;

import io.jobsuite.testsupport.JobSuiteEnvironment;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/** Stock items and orders for a test, each of its own. */
final class OrderRows {

	private OrderRows() {
	}

	/** A new stock item; returns its SKU. */
	static String stock(JobSuiteEnvironment env, int available, long unitPriceCents) {
		String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
		env.jdbc()
			.update("INSERT INTO stock (sku, name, available, unit_price_cents) VALUES (?, ?, ?, ?)", sku,
					"Item " + sku, available, unitPriceCents);
		return sku;
	}

	/** A new order of client 1; returns its id. */
	static long order(JobSuiteEnvironment env, String email, String sku, int quantity) {
		JdbcTemplate jdbc = env.jdbc();
		KeyHolder key = new GeneratedKeyHolder();
		jdbc.update(connection -> {
			var insert = connection.prepareStatement("""
					INSERT INTO orders (client_id, email, sku, quantity, created_at)
					VALUES (1, ?, ?, ?, UTC_TIMESTAMP(3))
					""", new String[] { "id" });
			insert.setString(1, email);
			insert.setString(2, sku);
			insert.setInt(3, quantity);
			return insert;
		}, key);
		return key.getKey().longValue();
	}

}
