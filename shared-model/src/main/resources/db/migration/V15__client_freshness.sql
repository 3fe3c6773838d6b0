-- Freshness: when each client's data goes stale (its last successful sync, or its creation if it never synced, plus
-- its interval) and when it is twice overdue, kept by the database itself. Generated columns follow every write of
-- last_synced_at or sync_interval_minutes (a sync's completion, an edit), so no code path can forget them, and their
-- indexes let the freshness poll count overdue clients as an index range (COUNT over index entries, no row reads)
-- instead of reading a million rows. next_due_at cannot serve: the scan moves it when it dispatches, not when a sync
-- succeeds. Runs on MySQL 8 and MariaDB 10.11 (deterministic expressions; the table is rebuilt once).
ALTER TABLE clients
    ADD COLUMN stale_at DATETIME(3) GENERATED ALWAYS AS (
        DATE_ADD(COALESCE(last_synced_at, created_at), INTERVAL sync_interval_minutes MINUTE)) STORED,
    ADD COLUMN twice_stale_at DATETIME(3) GENERATED ALWAYS AS (
        DATE_ADD(COALESCE(last_synced_at, created_at), INTERVAL 2 * sync_interval_minutes MINUTE)) STORED,
    ADD KEY ix_clients_stale (stale_at),
    ADD KEY ix_clients_twice_stale (twice_stale_at);
