-- Progress of the attempt in progress, as its handler reports it (at most once a second). Runs on MySQL 8 and
-- MariaDB 10.11.
--
-- A claim clears the three columns, so a new attempt never shows the last one's progress. Nothing reads them in a
-- WHERE clause: they need no index. progress_at is on the database's clock, like every time another host reads.
ALTER TABLE jobs
    ADD COLUMN progress         DECIMAL(5, 4) NULL,
    ADD COLUMN progress_message VARCHAR(200)  NULL,
    ADD COLUMN progress_at      DATETIME(3)   NULL;
