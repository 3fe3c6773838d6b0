package io.jobsuite.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.mysql.MySQLContainer;

/**
 * The MySQL-compatible server integration tests use: the one at
 * {@code JOBSUITE_TEST_DB_URL} (default MariaDB or MySQL on 127.0.0.1:3306, root, empty
 * password), else a Testcontainers MySQL where Docker runs, else a clear failure.
 */
record DatabaseServer(String baseUrl, String username, String password) {

	static final String MYSQL_IMAGE = "mysql:8.4.3";

	static final String NONE_AVAILABLE = "No MySQL-compatible database for the tests: start MariaDB/MySQL on "
			+ "127.0.0.1:3306 (root, empty password; or set JOBSUITE_TEST_DB_URL, _USER, _PASSWORD) or run Docker "
			+ "for Testcontainers.";

	private static DatabaseServer instance;

	static synchronized DatabaseServer get() {
		if (instance == null) {
			instance = locate();
		}
		return instance;
	}

	private static DatabaseServer locate() {
		DatabaseServer configured = new DatabaseServer(env("JOBSUITE_TEST_DB_URL", "jdbc:mysql://127.0.0.1:3306/"),
				env("JOBSUITE_TEST_DB_USER", "root"), env("JOBSUITE_TEST_DB_PASSWORD", ""));
		if (configured.answers()) {
			return configured;
		}
		if (DockerClientFactory.instance().isDockerAvailable()) {
			MySQLContainer mysql = new MySQLContainer(MYSQL_IMAGE).withUsername("root").withPassword("test");
			mysql.start();
			return new DatabaseServer("jdbc:mysql://" + mysql.getHost() + ":" + mysql.getMappedPort(3306) + "/", "root",
					"test");
		}
		throw new IllegalStateException(NONE_AVAILABLE);
	}

	boolean answers() {
		DriverManager.setLoginTimeout(3);
		try (Connection ignored = DriverManager.getConnection(baseUrl + "?connectTimeout=2000", username, password)) {
			return true;
		}
		catch (SQLException ex) {
			return false;
		}
	}

	String urlOf(String database) {
		return baseUrl + database + "?rewriteBatchedStatements=true";
	}

	void execute(String sql) {
		try (Connection connection = DriverManager.getConnection(baseUrl, username, password);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql + ": " + ex.getMessage(), ex);
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return value == null || value.isBlank() ? fallback : value;
	}

}
