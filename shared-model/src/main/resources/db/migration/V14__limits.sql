-- Flow control shared by every instance: concurrency limits (job types, upstream hosts) that all workers draw
-- leased permits from, and the Sync Now token buckets that all API instances take from. Runs on MySQL 8 and
-- MariaDB 10.11. Times are the database's (UTC_TIMESTAMP(3)): every host compares them.

-- One row per limit: 'type:<job type>' or 'upstream:<host>'. current_limit moves between 1 and max_limit
-- (multiplicative decrease on a throttle, additive increase on successes); paused_until is an upstream's
-- Retry-After, before which no worker calls it. version makes the read-decide-write of an adjustment optimistic.
CREATE TABLE concurrency_limits (
    limit_key        VARCHAR(191) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
    current_limit    DOUBLE NOT NULL,
    max_limit        INT NOT NULL,
    paused_until     DATETIME(3) NULL,
    decreased_at     DATETIME(3) NULL,
    recent_throttles INT NOT NULL DEFAULT 0,
    last_throttle_at DATETIME(3) NULL,
    last_throttle    VARCHAR(200) NULL,
    version          BIGINT NOT NULL DEFAULT 0
);

-- The permits of a limit, slots 0 .. max_limit - 1; a slot below the current limit whose holder is NULL or whose
-- lease passed is free. A holder is a job attempt ('<job id>:<attempt>'); the worker's heartbeat renews its lease,
-- so a dead worker's permits come free when their lease passes, and none is lost.
CREATE TABLE concurrency_permits (
    limit_key   VARCHAR(191) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    slot        INT NOT NULL,
    holder      VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    lease_until DATETIME(3) NULL,
    PRIMARY KEY (limit_key, slot),
    KEY ix_concurrency_permits_holder (holder)
);

-- Sync Now: one token bucket per client that pressed it lately, shared by every API instance. A bucket that has
-- refilled is deleted (it is the same as no row).
CREATE TABLE sync_now_buckets (
    client_id   BIGINT NOT NULL PRIMARY KEY,
    tokens      DOUBLE NOT NULL,
    refilled_at DATETIME(3) NOT NULL,
    KEY ix_sync_now_buckets_refilled (refilled_at)
);
