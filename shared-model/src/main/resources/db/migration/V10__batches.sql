-- Batches and dependencies (README, "Batches and dependencies"). Runs on MySQL 8 and MariaDB 10.11.

-- One row per batch. pending (jobs not yet in a final state) and failed (jobs that ended FAILED or CANCELLED) are
-- moved in the transaction that moves one of its jobs, so the row lock orders the batch's ends: the transaction that
-- brings pending to 0 sees it, and a conditional UPDATE of a *_job_id column (still NULL) fires each callback once.
CREATE TABLE job_batches (
    id              CHAR(36)     CHARACTER SET ascii NOT NULL,
    name            VARCHAR(200) NOT NULL,
    failure_policy  VARCHAR(24)  NOT NULL,
    total           INT          NOT NULL,
    pending         INT          NOT NULL,
    failed          INT          NOT NULL DEFAULT 0,
    trace_id        VARCHAR(64)  NULL,
    created_at      DATETIME(3)  NOT NULL,
    finished_at     DATETIME(3)  NULL,
    success_type    VARCHAR(100) NULL,
    success_payload MEDIUMTEXT   NULL,
    success_job_id  CHAR(36)     CHARACTER SET ascii NULL,
    failure_type    VARCHAR(100) NULL,
    failure_payload MEDIUMTEXT   NULL,
    failure_job_id  CHAR(36)     CHARACTER SET ascii NULL,
    complete_type    VARCHAR(100) NULL,
    complete_payload MEDIUMTEXT   NULL,
    complete_job_id  CHAR(36)     CHARACTER SET ascii NULL,
    PRIMARY KEY (id),
    KEY ix_job_batches_finished (finished_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- The batch's jobs under the keys the dispatch named them by; the batch page and the API list a batch from here.
CREATE TABLE batch_jobs (
    batch_id CHAR(36)     CHARACTER SET ascii NOT NULL,
    job_id   CHAR(36)     CHARACTER SET ascii NOT NULL,
    job_key  VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    PRIMARY KEY (batch_id, job_id),
    UNIQUE KEY ux_batch_jobs_key (batch_id, job_key)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- The edges of a batch's DAG: job_id runs after depends_on succeeded. A job's end finds its dependents by the
-- primary key; a batch's edges are read by ix_job_dependencies_batch.
CREATE TABLE job_dependencies (
    depends_on CHAR(36) CHARACTER SET ascii NOT NULL,
    job_id     CHAR(36) CHARACTER SET ascii NOT NULL,
    batch_id   CHAR(36) CHARACTER SET ascii NOT NULL,
    PRIMARY KEY (depends_on, job_id),
    KEY ix_job_dependencies_batch (batch_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- NULL for every job outside a batch, so the hot path's inserts and statements do not change (no index on either:
-- a batch's jobs are found through batch_jobs). waiting_deps counts the dependencies not yet met; a job waiting
-- for them is QUEUED, unsent, with no recheck time and a not_before far ahead, and the end of its last dependency
-- makes it due.
ALTER TABLE jobs
    ADD COLUMN batch_id     CHAR(36) CHARACTER SET ascii NULL,
    ADD COLUMN waiting_deps INT NULL;
