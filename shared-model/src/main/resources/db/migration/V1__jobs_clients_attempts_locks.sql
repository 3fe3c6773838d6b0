-- Runs on MySQL 8 and MariaDB 10.11. Timestamps are UTC, millisecond precision.

CREATE TABLE clients (
    id                    BIGINT        NOT NULL AUTO_INCREMENT,
    name                  VARCHAR(200)  NOT NULL,
    owner                 VARCHAR(100)  NOT NULL,
    source_url            VARCHAR(1000) NOT NULL,
    sync_interval_minutes INT           NOT NULL DEFAULT 60,
    next_due_at           DATETIME(3)   NOT NULL,
    last_synced_at        DATETIME(3)   NULL,
    last_sync_job_id      CHAR(36)      CHARACTER SET ascii NULL,
    created_at            DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (id),
    KEY ix_clients_due (next_due_at),
    KEY ix_clients_owner (owner)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE jobs (
    id                CHAR(36)     CHARACTER SET ascii NOT NULL,
    type              VARCHAR(100) NOT NULL,
    queue             VARCHAR(16)  NOT NULL,
    status            VARCHAR(16)  NOT NULL,
    payload           MEDIUMTEXT   NOT NULL,
    client_id         BIGINT       NULL,
    -- ShouldBeUnique: the key only counts while the job is active, so the unique index allows
    -- any number of finished jobs with the same key but at most one queued or running.
    unique_key        VARCHAR(191) NULL,
    active_unique_key VARCHAR(191) GENERATED ALWAYS AS (
        CASE WHEN status IN ('QUEUED', 'RUNNING', 'RETRYING') THEN unique_key END) STORED,
    overlap_key       VARCHAR(191) NULL,
    message_group     VARCHAR(128) NULL,
    attempts          INT          NOT NULL DEFAULT 0,
    max_attempts      INT          NOT NULL,
    not_before        DATETIME(3)  NOT NULL,
    lease_owner       VARCHAR(100) NULL,
    lease_until       DATETIME(3)  NULL,
    trace_id          VARCHAR(64)  NULL,
    created_at        DATETIME(3)  NOT NULL,
    sent_at           DATETIME(3)  NULL,
    started_at        DATETIME(3)  NULL,
    finished_at       DATETIME(3)  NULL,
    result            MEDIUMTEXT   NULL,
    last_error        TEXT         NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_jobs_active_unique_key (active_unique_key),
    KEY ix_jobs_unsent (sent_at, created_at),
    KEY ix_jobs_status_created (status, created_at),
    KEY ix_jobs_client (client_id, created_at),
    KEY ix_jobs_group (message_group, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE job_attempts (
    job_id        CHAR(36)     CHARACTER SET ascii NOT NULL,
    attempt       INT          NOT NULL,
    worker        VARCHAR(100) NOT NULL,
    started_at    DATETIME(3)  NOT NULL,
    finished_at   DATETIME(3)  NOT NULL,
    outcome       VARCHAR(16)  NOT NULL,
    error_class   VARCHAR(255) NULL,
    error_message TEXT         NULL,
    error_stack   TEXT         NULL,
    PRIMARY KEY (job_id, attempt)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- WithoutOverlapping: one row per held overlap key.
CREATE TABLE job_locks (
    lock_key      VARCHAR(191) NOT NULL,
    owner_job_id  CHAR(36)     CHARACTER SET ascii NOT NULL,
    owner         VARCHAR(100) NOT NULL,
    release_after DATETIME(3)  NOT NULL,
    PRIMARY KEY (lock_key)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- What a client sync writes: the client's records as fetched from its source.
CREATE TABLE client_records (
    client_id   BIGINT       NOT NULL,
    external_id VARCHAR(191) NOT NULL,
    payload     TEXT         NOT NULL,
    synced_at   DATETIME(3)  NOT NULL,
    sync_job_id CHAR(36)     CHARACTER SET ascii NOT NULL,
    PRIMARY KEY (client_id, external_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- What a project build writes; one row per build job, in the order the builds ran.
CREATE TABLE project_builds (
    job_id        CHAR(36)     CHARACTER SET ascii NOT NULL,
    message_group VARCHAR(128) NOT NULL,
    build_number  INT          NOT NULL,
    worker        VARCHAR(100) NOT NULL,
    started_at    DATETIME(6)  NOT NULL,
    finished_at   DATETIME(6)  NOT NULL,
    PRIMARY KEY (job_id),
    KEY ix_project_builds_group (message_group, started_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
