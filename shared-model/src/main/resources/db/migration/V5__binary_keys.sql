-- Keys compare byte for byte. Runs on MySQL 8 and MariaDB 10.11.
--
-- The tables' default collation (utf8mb4_general_ci on MariaDB, utf8mb4_0900_ai_ci on MySQL 8) ignores case and
-- accents: 'alíce' listed alice's clients, and 'Report-1' and 'report-1' were one unique key, one overlap lock and one
-- FIFO group. utf8mb4_bin exists on both servers. It still pads (trailing spaces are ignored in comparisons), as
-- every collation both servers share does.
--
-- Indexes on these columns are rebuilt with the new collation. A binary collation tells more values apart, never
-- fewer, so no unique index can fail to rebuild. Generated columns are restated in full (both servers require it)
-- and take the collation of the key they copy, so that comparing one with the other (the FIFO head's
-- active_group = message_group) mixes no collations. Each ALTER copies its table: on a large jobs table, run it
-- in a quiet hour (retention keeps the table to the retention window).

ALTER TABLE clients
    MODIFY owner VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;

ALTER TABLE jobs
    MODIFY unique_key VARCHAR(191) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    MODIFY active_unique_key VARCHAR(191) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin GENERATED ALWAYS AS (
        CASE WHEN status IN ('QUEUED', 'RUNNING', 'RETRYING') THEN unique_key END) STORED,
    MODIFY overlap_key VARCHAR(191) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    MODIFY message_group VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    MODIFY active_group VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin GENERATED ALWAYS AS (
        CASE WHEN status IN ('QUEUED', 'RUNNING', 'RETRYING') THEN message_group END) STORED,
    MODIFY lease_owner VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL;

ALTER TABLE job_locks
    MODIFY lock_key VARCHAR(191) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    MODIFY owner VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;

ALTER TABLE client_records
    MODIFY external_id VARCHAR(191) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;

ALTER TABLE project_builds
    MODIFY message_group VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;
