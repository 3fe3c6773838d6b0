-- The admin overview's figures of finished work, rolled up from job_attempts as attempts finish, so that the
-- overview reads a few thousand small rows, never the history. Runs on MySQL 8 and MariaDB 10.11.

-- Attempts that finished in one minute (database clock), per queue, job type and outcome.
CREATE TABLE attempt_counts (
    minute_start DATETIME     NOT NULL,
    queue        VARCHAR(16)  NOT NULL,
    type         VARCHAR(100) NOT NULL,
    outcome      VARCHAR(16)  NOT NULL,
    attempts     BIGINT       NOT NULL,
    PRIMARY KEY (minute_start, queue, type, outcome)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- One row: attempts that finished before counted_to are in attempt_counts. The API instance that locks it
-- (FOR UPDATE SKIP LOCKED) counts the next stretch and moves it on; the others skip the round.
-- Counting starts when this runs: older attempts are not rolled up (the figures fill in over a day).
CREATE TABLE attempt_counts_mark (
    id         TINYINT     NOT NULL,
    counted_to DATETIME(3) NOT NULL,
    PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

INSERT INTO attempt_counts_mark (id, counted_to) VALUES (1, UTC_TIMESTAMP(3));
