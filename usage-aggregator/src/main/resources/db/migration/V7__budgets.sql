-- Budgets, the alerts they raised, and the running totals the aggregator's Kafka Streams application keeps
-- (io.llmrelay.aggregator.totals, io.llmrelay.aggregator.budget; README "Totals and budgets").
--
-- Periods here are calendar days and months in the aggregator's relay.aggregator.totals.zone (UTC unless
-- configured), taken from each attempt's occurred_at. The V4 views use UTC; with another zone the two can
-- differ at the edges of a period.
--
-- Money is integer micro-USD (1 USD = 1,000,000).

-- One budget per subject, managed through the admin API (PUT/DELETE /admin/budgets/{type}/{id}), which also
-- publishes every change to the compacted topic llm.budgets that the Streams application reads.
CREATE TABLE budgets (
    subject_type VARCHAR(8) NOT NULL,
    subject_id VARCHAR(255) NOT NULL,
    limit_micros BIGINT NOT NULL,
    period VARCHAR(8) NOT NULL,
    thresholds_percent INTEGER[] NOT NULL,
    hard BOOLEAN NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,

    PRIMARY KEY (subject_type, subject_id),
    CONSTRAINT budgets_subject_type_check CHECK (subject_type IN ('user', 'team', 'key')),
    CONSTRAINT budgets_period_check CHECK (period IN ('day', 'month')),
    CONSTRAINT budgets_limit_check CHECK (limit_micros > 0)
);

COMMENT ON TABLE budgets IS
    'Spending limit per user, team or relay key: limit_micros per day or calendar month (in the aggregator''s '
    'time zone). An alert is raised once per threshold (percent of the limit) per period; a hard budget blocks '
    'the subject at 100 %, a soft one only alerts.';

-- Written by the aggregator's roll-up writer from llm.budget.alerts; the Streams application raises each
-- alert exactly once, and the unique key makes a re-read of the topic harmless.
CREATE TABLE budget_alerts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject_type VARCHAR(8) NOT NULL,
    subject_id VARCHAR(255) NOT NULL,
    period VARCHAR(10) NOT NULL,
    threshold_percent INTEGER NOT NULL,
    spent_micros BIGINT NOT NULL,
    limit_micros BIGINT NOT NULL,
    hard BOOLEAN NOT NULL,
    raised_at TIMESTAMPTZ NOT NULL,

    CONSTRAINT budget_alerts_once UNIQUE (subject_type, subject_id, period, threshold_percent)
);

COMMENT ON TABLE budget_alerts IS
    'One row per budget threshold crossed per subject and period (period is yyyy-mm-dd for daily budgets, '
    'yyyy-mm for monthly ones). spent_micros is the spend when the threshold was crossed.';

-- The Streams totals, upserted by the roll-up writer from the totals store's changelog: each row holds the
-- latest total, so re-reading the changelog rewrites the same values.
CREATE TABLE usage_rollups (
    subject_type VARCHAR(8) NOT NULL,
    subject_id VARCHAR(512) NOT NULL,
    period_kind VARCHAR(8) NOT NULL,
    period_start DATE NOT NULL,
    requests BIGINT NOT NULL,
    attempts BIGINT NOT NULL,
    prompt_tokens BIGINT NOT NULL,
    completion_tokens BIGINT NOT NULL,
    cost_micros BIGINT NOT NULL,
    unpriced_attempts BIGINT NOT NULL,
    unpriced_prompt_tokens BIGINT NOT NULL,
    unpriced_completion_tokens BIGINT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,

    PRIMARY KEY (subject_type, subject_id, period_kind, period_start),
    CONSTRAINT usage_rollups_subject_type_check CHECK (subject_type IN ('user', 'team', 'key', 'provider', 'model')),
    CONSTRAINT usage_rollups_period_kind_check CHECK (period_kind IN ('day', 'month'))
);

COMMENT ON TABLE usage_rollups IS
    'Totals per subject per day and per calendar month (in the aggregator''s time zone), kept by the aggregator''s '
    'Kafka Streams application. subject_type user, team, key, provider or model (subject_id provider/model). '
    'requests counts distinct request ids (in the period of their first attempt), attempts every billed provider '
    'attempt; cost_micros excludes unpriced attempts, which are counted in the unpriced_* columns.';

-- Spend against each budget, per period that has usage; the current period is the latest period_start.
CREATE VIEW budget_utilisation AS
SELECT b.subject_type,
       b.subject_id,
       b.period                                                    AS period_kind,
       r.period_start,
       b.limit_micros,
       r.cost_micros                                               AS spent_micros,
       (r.cost_micros::numeric / b.limit_micros)::numeric(12, 4)   AS utilisation,
       b.hard,
       b.hard AND r.cost_micros >= b.limit_micros                  AS blocked
FROM budgets b
JOIN usage_rollups r
  ON r.subject_type = b.subject_type AND r.subject_id = b.subject_id AND r.period_kind = b.period;

COMMENT ON VIEW budget_utilisation IS
    'Spend of each budgeted subject per period of its budget (day or month, in the aggregator''s time zone) '
    'against the current limit: utilisation is spent / limit as a fraction (1.0000 = 100 %). Past periods are '
    'measured against today''s limit, which may have changed since.';
