-- Failure semantics: the start of the attempt in progress, so that an attempt abandoned by a dead worker
-- can be recorded (LEASE_EXPIRED) by whoever takes the job over, and the fault probe's own record of its
-- runs. Runs on MySQL 8 and MariaDB 10.11.

ALTER TABLE jobs ADD COLUMN attempt_started_at DATETIME(3) NULL AFTER started_at;

-- Overlap locks expire: a worker that takes over a lock looks it up by owner (its claim's token).
CREATE INDEX ix_job_locks_owner ON job_locks (owner);

-- What the fault-probe job type writes: one row per run, inserted when the handler starts and finished
-- when it ends, so that the fault suite detects overlapping or repeated runs instead of assuming them.
CREATE TABLE fault_probe_runs (
    job_id      CHAR(36)     CHARACTER SET ascii NOT NULL,
    attempt     INT          NOT NULL,
    worker      VARCHAR(100) NOT NULL,
    probe_key   VARCHAR(191) NOT NULL,
    sequence    INT          NOT NULL,
    started_at  DATETIME(6)  NOT NULL,
    finished_at DATETIME(6)  NULL,
    outcome     VARCHAR(16)  NULL,
    PRIMARY KEY (job_id, attempt, worker, started_at),
    KEY ix_fault_probe_runs_key (probe_key, started_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
