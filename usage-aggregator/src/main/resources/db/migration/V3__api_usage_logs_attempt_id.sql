-- A usage row is identified by (request_id, attempt_key) instead of (request_id, attempt).
--
-- A request redelivered after a worker crash calls the provider again and numbers its attempts from 1
-- again. Those calls are billed, so each must be a row of its own; under UNIQUE (request_id, attempt)
-- they were skipped as duplicates of the first delivery's attempts. UsageEvent.attempt_id (a UUID per
-- real provider call) tells them apart, while a re-sent copy of one event keeps its id and stays a
-- duplicate.
--
-- attempt_key is attempt_id when the event has one, else the attempt number as text: events from
-- producers that predate attempt ids, and every row stored before this migration, keep their old
-- identity. It is a plain column rather than an expression so that the aggregator can name it in
-- ON CONFLICT (request_id, attempt_key) DO NOTHING; the CHECK keeps it equal to that rule.
--
-- Rolling upgrade: an aggregator from before this migration cannot write once it has run (its
-- ON CONFLICT (request_id, attempt) matches no constraint, SQLSTATE 42P10). It treats that like an
-- outage, keeping its batch uncommitted and retrying until it is replaced, so nothing is lost.
ALTER TABLE api_usage_logs ADD COLUMN attempt_id VARCHAR(64);
ALTER TABLE api_usage_logs ADD COLUMN attempt_key VARCHAR(64);

UPDATE api_usage_logs SET attempt_key = attempt::text;

ALTER TABLE api_usage_logs ALTER COLUMN attempt_key SET NOT NULL;
ALTER TABLE api_usage_logs
    ADD CONSTRAINT api_usage_logs_attempt_key_check CHECK (attempt_key = COALESCE(attempt_id, attempt::text));
ALTER TABLE api_usage_logs
    ADD CONSTRAINT api_usage_logs_request_id_attempt_key_key UNIQUE (request_id, attempt_key);
ALTER TABLE api_usage_logs DROP CONSTRAINT api_usage_logs_request_attempt_key;

COMMENT ON TABLE api_usage_logs IS
    'One row per billed provider attempt (UsageEvent); unique per (request_id, attempt_key).';
COMMENT ON COLUMN api_usage_logs.attempt IS
    'Provider attempt number within one delivery of the request, 1-based; a redelivered request numbers from 1 again.';
COMMENT ON COLUMN api_usage_logs.attempt_id IS
    'UUID of the real provider call (UsageEvent.attempt_id); NULL for events from producers that predate it.';
COMMENT ON COLUMN api_usage_logs.attempt_key IS
    'Identity of the attempt within its request: attempt_id when present, else attempt as text.';
