package io.jobsuite.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order workflow's demo: stock items the first time the suite runs on a database, and
 * then one order placed through the API as alice, whose tasks the log shows.
 */
final class DemoOrders {

	private static final Logger log = LoggerFactory.getLogger(DemoOrders.class);

	/** The demo order, also the README's and the banner's example. */
	static final String ORDER = "{\"clientId\":1,\"email\":\"alice@example.com\",\"sku\":\"WIDGET\",\"quantity\":2}";

	private static final Object[][] STOCK = { { "WIDGET", "Widget", 100, 1250 }, { "GADGET", "Gadget", 5, 4900 },
			{ "GIZMO", "Gizmo", 0, 990 } };

	private DemoOrders() {
	}

	/** Seeds the stock and places the demo order, when the database has no stock yet. */
	static void seedIfEmpty(LocalDatabase database, int apiPort)
			throws SQLException, IOException, InterruptedException {
		try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
				database.password())) {
			try (ResultSet rs = connection.createStatement().executeQuery("SELECT COUNT(*) FROM stock")) {
				rs.next();
				if (rs.getLong(1) > 0) {
					return;
				}
			}
			try (PreparedStatement insert = connection
				.prepareStatement("INSERT INTO stock (sku, name, available, unit_price_cents) VALUES (?, ?, ?, ?)")) {
				for (Object[] item : STOCK) {
					for (int i = 0; i < item.length; i++) {
						insert.setObject(i + 1, item[i]);
					}
					insert.addBatch();
				}
				insert.executeBatch();
			}
		}
		HttpResponse<String> placed = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/api/orders"))
				.header("Content-Type", "application/json")
				.header("Authorization",
						"Basic " + Base64.getEncoder().encodeToString("alice:alice".getBytes(StandardCharsets.UTF_8)))
				.POST(HttpRequest.BodyPublishers.ofString(ORDER))
				.build(), HttpResponse.BodyHandlers.ofString());
		log.info("Demo order placed as alice ({}): {}", placed.statusCode(), placed.body());
	}

}
