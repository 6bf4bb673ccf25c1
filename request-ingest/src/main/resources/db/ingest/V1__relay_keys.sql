-- Relay keys of request-ingest, in the schema ingest owns (relay.ingest.database.schema, default relay_ingest),
-- with its own Flyway history table (flyway_schema_history_ingest), so usage-aggregator's migrations in public
-- never see these objects and the other way round.
--
-- A key is stored only as the SHA-256 of its text (64 hex digits). Keys are 32 random bytes, so a plain hash
-- cannot be reversed by guessing; neither the key nor any part of it is kept anywhere.
CREATE TABLE relay_keys (
    -- stable public id ("rk_" + 20 base32 characters): on requests, usage, audit; survives rotation
    public_id            TEXT PRIMARY KEY CHECK (public_id ~ '^rk_[a-z2-7]{20}$'),
    key_hash             TEXT NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
    user_id              TEXT NOT NULL CHECK (length(user_id) BETWEEN 1 AND 200),
    team_id              TEXT CHECK (length(team_id) BETWEEN 1 AND 200),
    -- models (or route aliases) the key may ask for; NULL = every model the relay serves
    allowed_models       TEXT[],
    expires_at           TIMESTAMPTZ,
    -- requests per minute, enforced per ingest replica; NULL = no per-key limit
    rpm_limit            INTEGER CHECK (rpm_limit > 0),
    -- spending limit in micro-USD for the budget feature; NULL = none
    budget_micro_usd     BIGINT CHECK (budget_micro_usd >= 0),
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at           TIMESTAMPTZ,
    -- rotation: the key replaced last stays valid until previous_valid_until (the grace period)
    previous_key_hash    TEXT UNIQUE CHECK (previous_key_hash ~ '^[0-9a-f]{64}$'),
    previous_valid_until TIMESTAMPTZ,
    rotated_at           TIMESTAMPTZ,
    CHECK ((previous_key_hash IS NULL) = (previous_valid_until IS NULL))
);

-- every replica loads the live keys every couple of seconds
CREATE INDEX relay_keys_live ON relay_keys (public_id) WHERE revoked_at IS NULL;
CREATE INDEX relay_keys_user ON relay_keys (user_id);
