package io.jobsuite.local;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Seeds demo clients for alice and bob, due now, the first time the local suite runs on a
 * database.
 */
final class DemoClients {

	private static final String[][] CLIENTS = { { "Acme Corp", "alice" }, { "Globex", "alice" }, { "Initech", "bob" },
			{ "Umbrella", "bob" }, { "Hooli", "alice" } };

	private DemoClients() {
	}

	/** Returns how many clients it created: none when the database already has some. */
	static int seedIfEmpty(LocalDatabase database, DemoSource source) throws SQLException {
		try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
				database.password())) {
			try (ResultSet rs = connection.createStatement().executeQuery("SELECT COUNT(*) FROM clients")) {
				rs.next();
				if (rs.getLong(1) > 0) {
					return 0;
				}
			}
			try (PreparedStatement insert = connection.prepareStatement("""
					INSERT INTO clients (id, name, owner, source_url, sync_interval_minutes, next_due_at)
					VALUES (?, ?, ?, ?, 15, UTC_TIMESTAMP(3))
					""")) {
				for (int i = 0; i < CLIENTS.length; i++) {
					long id = i + 1;
					insert.setLong(1, id);
					insert.setString(2, CLIENTS[i][0]);
					insert.setString(3, CLIENTS[i][1]);
					insert.setString(4, source.urlOf(id));
					insert.addBatch();
				}
				insert.executeBatch();
			}
			return CLIENTS.length;
		}
	}

}
