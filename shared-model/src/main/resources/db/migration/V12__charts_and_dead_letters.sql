-- The overview's queue-wait chart and the admin's dead-letter operations. Runs on MySQL 8 and MariaDB 10.11.

-- Queue waits of the attempts that ended a job in one minute (database clock), per queue, as a histogram:
-- wait_ms_le is the bucket's upper bound in milliseconds. Rolled up with attempt_counts, trimmed like it, so
-- the chart's p95 reads a day of small rows, never the history.
CREATE TABLE attempt_waits (
    minute_start DATETIME    NOT NULL,
    queue        VARCHAR(16) NOT NULL,
    wait_ms_le   INT         NOT NULL,
    attempts     BIGINT      NOT NULL,
    PRIMARY KEY (minute_start, queue, wait_ms_le)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- Dead-letter fingerprints ops marked fixed: a dead letter of one that arrives later is flagged.
CREATE TABLE dead_letter_fixes (
    queue          VARCHAR(16)  NOT NULL,
    fingerprint_id CHAR(16)     CHARACTER SET ascii NOT NULL,
    fingerprint    VARCHAR(200) NOT NULL,
    fixed_at       DATETIME(3)  NOT NULL,
    fixed_by       VARCHAR(100) NOT NULL,
    PRIMARY KEY (queue, fingerprint_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- Canaried redrives: a few messages of a group first, the rest only once their jobs succeeded. The row is the
-- state, so that any API instance (after a restart too) carries it on; messages not redriven stay on the DLQ.
CREATE TABLE dead_letter_redrives (
    id             BIGINT       NOT NULL AUTO_INCREMENT,
    queue          VARCHAR(16)  NOT NULL,
    fingerprint_id CHAR(16)     CHARACTER SET ascii NOT NULL,
    fingerprint    VARCHAR(200) NOT NULL,
    canary_size    INT          NOT NULL,
    status         VARCHAR(16)  NOT NULL,
    canary_jobs    TEXT         NULL,
    redriven       INT          NOT NULL DEFAULT 0,
    note           VARCHAR(500) NULL,
    started_by     VARCHAR(100) NOT NULL,
    started_at     DATETIME(3)  NOT NULL,
    updated_at     DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    KEY ix_dead_letter_redrives_status (status, updated_at),
    KEY ix_dead_letter_redrives_queue (queue, started_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
