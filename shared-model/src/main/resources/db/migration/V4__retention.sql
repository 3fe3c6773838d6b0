-- Retention and bounded reads. Runs on MySQL 8 and MariaDB 10.11.

-- Retention needs no index of its own: it pages finished jobs through ix_jobs_status_created (status,
-- created_at), oldest first, so the hot path pays for no extra index.

-- The admin overview's last hour reads attempts by when they finished: without this index it read every
-- attempt ever recorded. Attempts finish in time order, so the index grows at its right edge only.
CREATE INDEX ix_job_attempts_finished ON job_attempts (finished_at, outcome);

-- The admin's job search lists the newest jobs first (ORDER BY created_at DESC LIMIT n): without an index that
-- starts with created_at, every unfiltered page, and every page filtered on a column no index leads with,
-- sorted the whole table. Rows insert in time order, so this index too grows at its right edge only.
CREATE INDEX ix_jobs_created ON jobs (created_at);
