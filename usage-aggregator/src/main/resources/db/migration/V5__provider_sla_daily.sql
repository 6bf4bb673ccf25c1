-- Availability and latency per provider per UTC day, computed from api_usage_logs by the aggregator
-- (io.llmrelay.aggregator.report.SlaReport) and kept as a table so an SLA figure, once reported, can be
-- queried cheaply and does not depend on how long the raw logs are kept.
--
-- The aggregator recomputes today and yesterday every relay.aggregator.sla.refresh-interval (5 min) with
-- INSERT ... ON CONFLICT (day, provider_name) DO UPDATE, so a row is replaced, never duplicated, and rows
-- that arrive late for yesterday still count. Older days keep the figures of their last recomputation.
--
-- Attempts are the rows of api_usage_logs: provider calls that reached the provider (answered, timed out
-- mid-call, or lost the connection after sending). Calls the relay never sent, for example while a
-- breaker was open, are not in the logs and not in availability.
CREATE TABLE provider_sla_daily (
    day DATE NOT NULL,
    provider_name VARCHAR(100) NOT NULL,
    attempts BIGINT NOT NULL,
    successful_attempts BIGINT NOT NULL,
    availability NUMERIC(7, 4) NOT NULL,
    -- percentile_cont over processing_time_ms of the day's successful attempts; NULL when there were none
    latency_p50_ms DOUBLE PRECISION,
    latency_p95_ms DOUBLE PRECISION,
    latency_p99_ms DOUBLE PRECISION,
    computed_at TIMESTAMPTZ NOT NULL,

    PRIMARY KEY (day, provider_name),
    CONSTRAINT provider_sla_daily_attempts_check CHECK (attempts > 0 AND successful_attempts BETWEEN 0 AND attempts),
    CONSTRAINT provider_sla_daily_availability_check CHECK (availability BETWEEN 0 AND 1)
);

COMMENT ON TABLE provider_sla_daily IS
    'Availability and latency percentiles per provider per UTC day, recomputed from api_usage_logs for today '
    'and yesterday every relay.aggregator.sla.refresh-interval; one row per (day, provider_name).';
COMMENT ON COLUMN provider_sla_daily.day IS
    'UTC calendar day of occurred_at.';
COMMENT ON COLUMN provider_sla_daily.attempts IS
    'Provider attempts of the day (rows of api_usage_logs), failed ones included.';
COMMENT ON COLUMN provider_sla_daily.availability IS
    'successful_attempts / attempts as a fraction (0.9950 = 99.50 %), rounded down to four decimals so that '
    '1.0000 means no attempt failed. The exact ratio is successful_attempts::numeric / attempts.';
COMMENT ON COLUMN provider_sla_daily.latency_p50_ms IS
    'Median processing_time_ms of the day''s successful attempts (percentile_cont, interpolated); NULL when none succeeded.';
COMMENT ON COLUMN provider_sla_daily.latency_p95_ms IS
    '95th percentile of processing_time_ms of the day''s successful attempts (percentile_cont); NULL when none succeeded.';
COMMENT ON COLUMN provider_sla_daily.latency_p99_ms IS
    '99th percentile of processing_time_ms of the day''s successful attempts (percentile_cont); NULL when none succeeded.';
COMMENT ON COLUMN provider_sla_daily.computed_at IS
    'When the aggregator last recomputed the row; a day stops changing once it is older than yesterday.';

-- The recomputation reads one or two days out of the whole log every few minutes: a range on occurred_at
-- keeps that from scanning the table. Also serves ad-hoc queries by time range.
CREATE INDEX api_usage_logs_occurred_at_idx ON api_usage_logs (occurred_at);
