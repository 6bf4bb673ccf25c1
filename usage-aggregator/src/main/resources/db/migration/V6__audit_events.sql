-- Audit trail from llm.audit (AuditEvent): credential access and rotation in the workers, relay key
-- administration and refused authentications in request-ingest. Written by the aggregator's audit consumer with
-- INSERT ... ON CONFLICT (event_id) DO NOTHING, so a re-delivered event is stored once. Events never hold a key:
-- at most key_fingerprint, a short prefix of the key's SHA-256.
CREATE TABLE audit_events (
    id              BIGSERIAL PRIMARY KEY,
    -- the producer's UUID for the event; what makes re-delivery harmless
    event_id        TEXT        NOT NULL,
    occurred_at     TIMESTAMPTZ NOT NULL,
    -- who acted: 'admin' for the key admin API, '<service>/<instance>' for a service's own actions
    actor           TEXT        NOT NULL,
    -- e.g. relay_key.created, relay_key.rotated, relay_key.revoked, relay_key.rejected, credential.load
    action          TEXT        NOT NULL,
    -- what was acted on: a relay key's public id, a provider, a secret entry
    subject         TEXT        NOT NULL,
    -- success or failure
    outcome         TEXT        NOT NULL,
    key_fingerprint TEXT,
    -- the event's string map as a JSON object (values are strings)
    details         JSONB       NOT NULL DEFAULT '{}'::jsonb,
    received_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT audit_events_event_id_key UNIQUE (event_id)
);

-- "what happened to this key / provider", newest first
CREATE INDEX audit_events_subject_time ON audit_events (subject, occurred_at);
-- "every rotation / revocation / rejection in a period"
CREATE INDEX audit_events_action_time ON audit_events (action, occurred_at);

COMMENT ON TABLE audit_events IS
    'One row per AuditEvent from llm.audit, stored once per event_id. No key material: key_fingerprint is at most '
    'a short SHA-256 prefix. details holds the event''s string map as JSON.';
