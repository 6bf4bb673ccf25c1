-- Price corrections and new prices on top of the price file shipped with provider-worker
-- (provider-worker/src/main/resources/prices/default-prices.json). README "Replaying llm.usage".
--
-- The price of a provider's model on a day (a UTC day) is the row with the latest effective_from on or before
-- it; a model without such a row keeps the file's price. Workers whose relay.rate-limits.datasource points at
-- this database read the table in the background (relay.worker.price-refresh) and price new calls with it; the
-- aggregator reprices replayed usage with it when relay.aggregator.totals.reprice is true. Rows are never
-- updated in place: a correction is a new row, so the history of prices stays readable.
--
-- Money is integer micro-USD per million tokens (USD 0.15 per million tokens = 150000).
CREATE TABLE model_prices (
    provider VARCHAR(100) NOT NULL,
    model VARCHAR(200) NOT NULL,
    input_micros_per_mtok BIGINT NOT NULL,
    cached_input_micros_per_mtok BIGINT NOT NULL,
    output_micros_per_mtok BIGINT NOT NULL,
    effective_from DATE NOT NULL,
    source TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),

    CONSTRAINT model_prices_provider_model_effective_from_key UNIQUE (provider, model, effective_from),
    CONSTRAINT model_prices_rates_check
        CHECK (input_micros_per_mtok >= 0 AND cached_input_micros_per_mtok >= 0 AND output_micros_per_mtok >= 0),
    CONSTRAINT model_prices_source_check CHECK (length(btrim(source)) > 0)
);

COMMENT ON TABLE model_prices IS
    'Price overrides per provider and model, micro-USD per million tokens, in force from effective_from (a UTC '
    'day) until a later row of the same model; they win over the price file shipped with the workers.';
COMMENT ON COLUMN model_prices.model IS
    'The model as the provider names it; a dated snapshot (gpt-4o-mini-2024-07-18) takes the price of its model.';
COMMENT ON COLUMN model_prices.cached_input_micros_per_mtok IS
    'Prompt tokens the provider served from its cache; the other prompt tokens cost input_micros_per_mtok.';
COMMENT ON COLUMN model_prices.source IS
    'Where the price came from (the provider''s page and date, a ticket); recorded with every usage event it prices.';
