package io.jobsuite.local;

import java.nio.file.Path;

/**
 * Ports and choices of the local run, each overridable by an environment variable.
 *
 * @param repositoryRoot where the service jars are built
 * @param externalDatabaseUrl {@code DB_URL}: use this database instead of the embedded
 * one
 * @param databasePort {@code LOCAL_DB_PORT}: the embedded MariaDB's port (default 3307,
 * beside a local 3306)
 * @param sqsPort {@code LOCAL_SQS_PORT}: ElasticMQ's port (default 9324)
 * @param demoSourcePort {@code LOCAL_SOURCE_PORT}: the demo data source's port (default
 * 8090)
 * @param smtpPort {@code LOCAL_SMTP_PORT}: the SMTP server of the order workflow's emails
 * (default 3025)
 * @param apiPort {@code PORT}: the API's port (default 8080)
 * @param scanCron {@code JOBS_SCAN_CRON}: how often the scheduler scans (default every
 * minute, so the demo moves)
 */
record LocalSettings(Path repositoryRoot, String externalDatabaseUrl, int databasePort, int sqsPort, int demoSourcePort,
		int smtpPort, int apiPort, String scanCron) {

	static LocalSettings fromEnvironment() {
		return new LocalSettings(LocalSuite.findRepositoryRoot(), System.getenv("DB_URL"), port("LOCAL_DB_PORT", 3307),
				port("LOCAL_SQS_PORT", 9324), port("LOCAL_SOURCE_PORT", 8090), port("LOCAL_SMTP_PORT", 3025),
				port("PORT", 8080), env("JOBS_SCAN_CRON", "0 * * * * *"));
	}

	Path dataDirectory() {
		return repositoryRoot.resolve(".local-data");
	}

	private static int port(String name, int fallback) {
		return Integer.parseInt(env(name, Integer.toString(fallback)));
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return value == null || value.isBlank() ? fallback : value;
	}

}
