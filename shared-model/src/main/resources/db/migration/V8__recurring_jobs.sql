-- Recurring jobs declared in code (RecurringJobs): one row each. Runs on MySQL 8 and MariaDB 10.11.
--
-- last_occurrence is the schedule's cursor (UTC, database clock): every occurrence up to it was created or skipped.
-- A scheduler creates an occurrence only after moving the cursor to it with one conditional UPDATE
-- (... AND last_occurrence < :occurrence), in the transaction that inserts the job, so each occurrence is created
-- once however many schedulers run, and never again after its job finished (the jobs' unique index covers only
-- active jobs). The table holds one row per declared recurring job: it needs no retention.
CREATE TABLE recurring_jobs (
    name            VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    last_occurrence DATETIME(3)  NOT NULL,
    paused          BOOLEAN      NOT NULL DEFAULT FALSE,
    last_job_id     CHAR(36)     CHARACTER SET ascii NULL,
    last_job_at     DATETIME(3)  NULL,
    run_now_count   BIGINT       NOT NULL DEFAULT 0,
    PRIMARY KEY (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
