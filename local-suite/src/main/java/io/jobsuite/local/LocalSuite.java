package io.jobsuite.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the whole suite on one machine with only a JDK: an embedded MariaDB (or the
 * database at {@code DB_URL}), ElasticMQ for SQS, a demo data source, and the scheduler,
 * API and worker as their own processes from their jars, seeded with demo clients. Ctrl-C
 * stops everything.
 */
public final class LocalSuite {

	private static final Logger log = LoggerFactory.getLogger(LocalSuite.class);

	private LocalSuite() {
	}

	public static void main(String[] args) throws Exception {
		LocalSettings settings = LocalSettings.fromEnvironment();
		List<AutoCloseable> running = new ArrayList<>();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(running), "local-suite-shutdown"));

		LocalDatabase database = LocalDatabase.start(settings);
		running.add(database);
		LocalQueues queues = LocalQueues.start(settings.sqsPort());
		running.add(queues);
		DemoSource source = DemoSource.start(settings.demoSourcePort());
		running.add(source);
		LocalMail mail = LocalMail.start(settings.smtpPort());
		running.add(mail);

		// The local profile: readable log lines, since all three services print to this
		// terminal.
		Map<String, String> environment = Map.of("DB_URL", database.jdbcUrl(), "DB_USERNAME", database.username(),
				"DB_PASSWORD", database.password(), "SQS_ENDPOINT", queues.endpoint(), "JOBS_SCAN_CRON",
				settings.scanCron(), "SPRING_PROFILES_ACTIVE", "local");
		ServiceProcesses services = new ServiceProcesses(settings.repositoryRoot(), environment);
		running.add(services);
		services.start("api-service", Map.of("PORT", Integer.toString(settings.apiPort())));
		Map<String, String> worker = new HashMap<>(withActuator(settings.apiPort() + 1));
		worker.putAll(Map.of("MAIL_HOST", "127.0.0.1", "MAIL_PORT", Integer.toString(mail.port())));
		services.start("worker-service", worker);
		services.start("scheduler-service", withActuator(settings.apiPort() + 2));

		services.awaitHealthy("http://127.0.0.1:" + settings.apiPort() + "/actuator/health", Duration.ofMinutes(3));
		int seeded = DemoClients.seedIfEmpty(database, source);
		DemoOrders.seedIfEmpty(database, settings.apiPort());
		log.info(
				"""

						==========================================================================================
						 jobsuite is running locally ({} demo clients seeded).
						   Sync Now:   curl -s -u alice:alice -X POST http://localhost:{}/api/clients/1/sync
						   Job status: curl -s -u alice:alice http://localhost:{}/api/jobs/<jobId>
						   Order:      curl -s -u alice:alice -H 'Content-Type: application/json' http://localhost:{}/api/orders -d '{}'
						               (its confirmation arrives at the local SMTP server on port {}: a line above shows each mail)
						   Admin:      http://localhost:{}/admin  (ops / ops)
						   Metrics:    http://localhost:{}/actuator/prometheus (worker), :{} (scheduler), API with -u ops:ops
						   Database:   {}   SQS: {}
						 Scans run on cron '{}'. Ctrl-C stops everything.
						==========================================================================================
						""",
				seeded, settings.apiPort(), settings.apiPort(), settings.apiPort(), DemoOrders.ORDER, mail.port(),
				settings.apiPort(), settings.apiPort() + 1, settings.apiPort() + 2, database.jdbcUrl(),
				queues.endpoint(), settings.scanCron());
		new CountDownLatch(1).await();
	}

	/** The worker and scheduler are headless unless told to serve Actuator. */
	private static Map<String, String> withActuator(int port) {
		return Map.of("PORT", Integer.toString(port), "SPRING_MAIN_WEBAPPLICATIONTYPE", "servlet");
	}

	private static void stopAll(List<AutoCloseable> running) {
		for (int i = running.size() - 1; i >= 0; i--) {
			try {
				running.get(i).close();
			}
			catch (Exception ex) {
				log.warn("Stopping {} failed: {}", running.get(i), ex.toString());
			}
		}
	}

	static Path findRepositoryRoot() {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
			dir = dir.getParent();
		}
		if (dir == null) {
			throw new IllegalStateException("Run the local suite from inside the repository (no mvnw found above "
					+ Path.of("").toAbsolutePath() + ")");
		}
		return dir;
	}

}
