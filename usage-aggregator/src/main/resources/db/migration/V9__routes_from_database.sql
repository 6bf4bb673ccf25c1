-- Providers and routes the provider-worker reads at start-up (relay.routing.from-database), next to its typed
-- configuration. Every original column of api_configurations stays as it was.

-- The API a provider speaks; null: inferred by the worker from endpoint_url (api.openai.com: openai,
-- api.anthropic.com: anthropic, *.openai.azure.com: azure-openai, anything else: openai-compatible).
ALTER TABLE api_configurations
    ADD COLUMN kind TEXT
        CONSTRAINT api_configurations_kind_check
        CHECK (kind IN ('openai', 'azure-openai', 'anthropic', 'openai-compatible')),
    ADD COLUMN enabled BOOLEAN NOT NULL DEFAULT true;

-- provider_name is the provider's id in the relay, so one enabled row per name. Rows written before this
-- migration may repeat a name: all but the most recently updated of them are disabled, so the index can be built.
UPDATE api_configurations c SET enabled = false
WHERE EXISTS (SELECT 1 FROM api_configurations newer
              WHERE newer.provider_name = c.provider_name
                AND (COALESCE(newer.updated_at, '-infinity'), newer.id::text)
                    > (COALESCE(c.updated_at, '-infinity'), c.id::text));

CREATE UNIQUE INDEX api_configurations_enabled_provider_name
    ON api_configurations (provider_name) WHERE enabled;

-- A model alias (what callers put in "model") and its ordered targets. Every row of an alias carries the route's
-- strategy (priority, weighted or least-latency); the worker refuses an alias whose rows disagree. provider_name
-- names an enabled api_configurations row or a provider of the worker's typed configuration, so it is checked by
-- the worker at start-up rather than by a foreign key.
CREATE TABLE model_routes (
    alias TEXT NOT NULL,
    position INTEGER NOT NULL CHECK (position >= 0),
    provider_name VARCHAR(100) NOT NULL,
    model TEXT NOT NULL,
    weight INTEGER NOT NULL DEFAULT 1 CHECK (weight > 0),
    strategy TEXT NOT NULL DEFAULT 'priority',
    created_at TIMESTAMP NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMP NOT NULL DEFAULT NOW(),
    PRIMARY KEY (alias, position)
);
