-- Convergence: the row is the truth and SQS a hint. Runs on MySQL 8 and MariaDB 10.11.

-- When the reconciler looks at an active job that nothing moved by then, and gives it a fresh message (or a
-- final state). Every transition sets it (database clock); final states clear it, so the index holds
-- little more than the active jobs' times.
-- The default covers rows inserted by a service not yet rolled out to this version: they are looked at
-- at once rather than never.
ALTER TABLE jobs ADD COLUMN recheck_at DATETIME(3) NULL DEFAULT (UTC_TIMESTAMP(3)) AFTER sent_at;
CREATE INDEX ix_jobs_recheck ON jobs (recheck_at);

-- FIFO order by row, not only by queue: a FIFO job runs only when no older job of its group is active. The
-- group is kept only while the job is active, so a group's finished history is never scanned.
ALTER TABLE jobs ADD COLUMN active_group VARCHAR(128) GENERATED ALWAYS AS (
    CASE WHEN status IN ('QUEUED', 'RUNNING', 'RETRYING') THEN message_group END) STORED;
CREATE INDEX ix_jobs_active_group ON jobs (active_group, id);

-- Jobs active when this runs get one fresh message from the reconciler (a duplicate is harmless).
UPDATE jobs SET recheck_at = UTC_TIMESTAMP(3) WHERE status IN ('QUEUED', 'RUNNING', 'RETRYING');

-- The fault probe is a test job type: its table lives with the fault suite, not in production.
DROP TABLE IF EXISTS fault_probe_runs;
