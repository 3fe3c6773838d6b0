-- The five demo clients of the local run (local-suite DemoClients), with their source in compose's demo-source.
-- Run once the API has migrated the schema; a second run changes nothing.
INSERT IGNORE INTO clients (id, name, owner, source_url, sync_interval_minutes, next_due_at) VALUES
  (1, 'Acme Corp', 'alice', 'http://demo-source:8090/clients/1/invoices', 15, UTC_TIMESTAMP(3)),
  (2, 'Globex', 'alice', 'http://demo-source:8090/clients/2/invoices', 15, UTC_TIMESTAMP(3)),
  (3, 'Initech', 'bob', 'http://demo-source:8090/clients/3/invoices', 15, UTC_TIMESTAMP(3)),
  (4, 'Umbrella', 'bob', 'http://demo-source:8090/clients/4/invoices', 15, UTC_TIMESTAMP(3)),
  (5, 'Hooli', 'alice', 'http://demo-source:8090/clients/5/invoices', 15, UTC_TIMESTAMP(3));
