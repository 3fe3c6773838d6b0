-- Cancel of a running job. Runs on MySQL 8 and MariaDB 10.11.
--
-- A request to cancel a RUNNING job is kept on its row until the job ends: the worker's heartbeat reads it when it
-- renews the lease (the row is already locked for the renewal, so the read costs no extra round trip) and stops the
-- handler; a claim never starts a job whose cancel was requested, it cancels it. Nothing searches by these columns:
-- they need no index. cancel_requested_at is on the database's clock.
ALTER TABLE jobs
    ADD COLUMN cancel_requested_at DATETIME(3)  NULL,
    ADD COLUMN cancel_requested_by VARCHAR(100) NULL;
