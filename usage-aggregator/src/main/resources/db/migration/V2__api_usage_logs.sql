-- One row per provider attempt that may be billed: a UsageEvent from the llm.usage topic.
--
-- The first eleven columns are the original story's and keep their meaning so existing reports
-- still work. The aggregator fills them from the event:
--   provider_name, endpoint, success, error_message  as in the event
--   user_id              the event's user id when it is a UUID, else NULL (user_ref always has it)
--   request_size_bytes   request_bytes;  response_size_bytes  response_bytes
--   processing_time_ms   latency_ms
--   cost_cents           cost_micros rounded half-up to whole cents, for old reports only
--   timestamp            occurred_at as a UTC wall-clock time (TIMESTAMP has no zone)
--
-- The money column is cost_micros (integer micro-USD); sum that, not cost_cents, which loses
-- everything below half a cent per row.
--
-- (request_id, attempt) identifies an event. The aggregator inserts with
-- ON CONFLICT (request_id, attempt) DO NOTHING, so a re-delivered or replayed event changes nothing.
CREATE TABLE api_usage_logs (
    id BIGSERIAL PRIMARY KEY,
    provider_name VARCHAR(100) NOT NULL,
    endpoint VARCHAR(200) NOT NULL,
    user_id UUID,
    request_size_bytes INTEGER,
    response_size_bytes INTEGER,
    processing_time_ms INTEGER,
    cost_cents INTEGER DEFAULT 0,
    success BOOLEAN NOT NULL,
    error_message TEXT,
    timestamp TIMESTAMP DEFAULT NOW(),

    request_id VARCHAR(64) NOT NULL,
    attempt INTEGER NOT NULL,
    user_ref VARCHAR(200) NOT NULL,
    team_id VARCHAR(200),
    key_id VARCHAR(200),
    model VARCHAR(200) NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    cached_prompt_tokens INTEGER NOT NULL DEFAULT 0,
    cost_micros BIGINT NOT NULL,
    priced BOOLEAN NOT NULL,
    -- the price that was applied (micro-USD per million tokens); NULL when the event carried none
    price_input_micros_per_mtok BIGINT,
    price_cached_input_micros_per_mtok BIGINT,
    price_output_micros_per_mtok BIGINT,
    price_source VARCHAR(200),
    price_effective_date DATE,
    status_code INTEGER,
    occurred_at TIMESTAMPTZ NOT NULL,

    CONSTRAINT api_usage_logs_request_attempt_key UNIQUE (request_id, attempt),
    CONSTRAINT api_usage_logs_attempt_check CHECK (attempt >= 1),
    CONSTRAINT api_usage_logs_tokens_check
        CHECK (prompt_tokens >= 0 AND completion_tokens >= 0 AND cached_prompt_tokens >= 0),
    CONSTRAINT api_usage_logs_cost_check CHECK (cost_micros >= 0)
);

CREATE INDEX api_usage_logs_user_ref_timestamp_idx ON api_usage_logs (user_ref, timestamp);
CREATE INDEX api_usage_logs_provider_timestamp_idx ON api_usage_logs (provider_name, timestamp);

COMMENT ON TABLE api_usage_logs IS
    'One row per billed provider attempt (UsageEvent); unique per (request_id, attempt).';
COMMENT ON COLUMN api_usage_logs.cost_micros IS
    'The money column: cost in integer micro-USD. Sum this, not cost_cents.';
COMMENT ON COLUMN api_usage_logs.cost_cents IS
    'cost_micros rounded half-up to whole cents; kept for reports written against the original table.';
COMMENT ON COLUMN api_usage_logs.user_id IS
    'user_ref parsed as a UUID when it is one, else NULL.';
COMMENT ON COLUMN api_usage_logs.user_ref IS
    'The relay''s user id as sent in the event (any string).';
COMMENT ON COLUMN api_usage_logs.timestamp IS
    'occurred_at as UTC wall-clock time; kept for reports written against the original table.';
COMMENT ON COLUMN api_usage_logs.priced IS
    'false: no known price for the model; the usage is recorded but cost_micros is 0.';
COMMENT ON COLUMN api_usage_logs.attempt IS
    'Provider attempt number within the request, 1-based.';
