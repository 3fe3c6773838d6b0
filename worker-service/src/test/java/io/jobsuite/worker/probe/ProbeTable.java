package io.jobsuite.worker.probe;

import io.jobsuite.testsupport.JobSuiteEnvironment;

/**
 * The probe's own table, which production migrations do not carry: created once Flyway
 * has migrated the test database.
 */
public final class ProbeTable {

	private ProbeTable() {
	}

	public static void create(JobSuiteEnvironment env) {
		env.jdbc().execute("""
				CREATE TABLE IF NOT EXISTS probe_runs (
				    job_id      CHAR(36)     CHARACTER SET ascii NOT NULL,
				    attempt     INT          NOT NULL,
				    worker      VARCHAR(100) NOT NULL,
				    probe_key   VARCHAR(191) NOT NULL,
				    sequence    INT          NOT NULL,
				    started_at  DATETIME(6)  NOT NULL,
				    finished_at DATETIME(6)  NULL,
				    outcome     VARCHAR(16)  NULL,
				    PRIMARY KEY (job_id, attempt, worker, started_at),
				    KEY ix_probe_runs_key (probe_key, started_at)
				) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4
				""");
	}

}
