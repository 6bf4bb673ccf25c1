-- Read-only views over api_usage_logs for analysts and finance (ANALYSTS.md has the columns and example queries).
--
-- Periods are UTC: a row belongs to the day and the calendar month of occurred_at in UTC, whatever the
-- session's TimeZone. Months and days are DATE columns (the first of the month for month), so a filter is
-- a plain comparison: WHERE month = date_trunc('month', now() AT TIME ZONE 'UTC')::date.
--
-- Money is summed in cost_micros (integer micro-USD); cost_usd is the same sum divided by 1,000,000, exact
-- to the micro-dollar. Token and cost sums are cast back to BIGINT (PostgreSQL sums BIGINT as NUMERIC).
-- Unpriced attempts (priced = false) are counted with cost 0 and never hidden: see unpriced_usage.
--
-- The views are computed on every query, and a filter on a view's month or day cannot use an index, so
-- each query reads the whole log. Fine at the relay's volumes; when it is not, the same SQL with a range
-- on occurred_at (indexed by V5) reads only that range.

CREATE VIEW spend_by_user_month AS
SELECT user_ref,
       team_id,
       date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date AS month,
       count(DISTINCT request_id)                                AS requests,
       count(*)                                                  AS attempts,
       sum(prompt_tokens)::bigint                                AS prompt_tokens,
       sum(completion_tokens)::bigint                            AS completion_tokens,
       sum(cost_micros)::bigint                                  AS cost_micros,
       (sum(cost_micros) / 1000000.0)::numeric(18, 6)            AS cost_usd,
       count(*) FILTER (WHERE NOT priced)                        AS unpriced_attempts
FROM api_usage_logs
GROUP BY user_ref, team_id, date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date;

COMMENT ON VIEW spend_by_user_month IS
    'Spend per user, team and UTC calendar month (month = its first day). A user who called under two teams '
    'has a row per team. requests counts distinct request_id, attempts every billed provider attempt '
    '(failed ones included). cost_micros is integer micro-USD, cost_usd the same in dollars; unpriced_attempts '
    'cost 0 because their model has no known price.';

-- Ties share a rank (rank(), not row_number()): "rank <= 5" can return more than five rows when costs tie,
-- which is what happens to unpriced models, all at cost 0.
CREATE VIEW top_models_by_cost AS
SELECT month,
       provider_name,
       model,
       attempts,
       prompt_tokens,
       completion_tokens,
       prompt_tokens + completion_tokens                          AS total_tokens,
       cost_micros,
       rank() OVER (PARTITION BY month ORDER BY cost_micros DESC) AS rank
FROM (SELECT date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date AS month,
             provider_name,
             model,
             count(*)                                                  AS attempts,
             sum(prompt_tokens)::bigint                                AS prompt_tokens,
             sum(completion_tokens)::bigint                            AS completion_tokens,
             sum(cost_micros)::bigint                                  AS cost_micros
      FROM api_usage_logs
      GROUP BY date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date, provider_name, model) per_model;

COMMENT ON VIEW top_models_by_cost IS
    'Cost per provider and model per UTC calendar month, ranked within the month: rank 1 cost the most. '
    'Equal costs share a rank, so unpriced models (cost 0) tie at the bottom. cost_micros is integer micro-USD.';

-- failure_rate is rounded up to four decimals, so a day with any failed attempt never reads 0.0000; it is
-- 1 - availability of the same provider and day in provider_sla_daily (V5), which is rounded down.
-- The exact ratio is failed_attempts::numeric / attempts.
CREATE VIEW failure_rate_by_provider_day AS
SELECT (occurred_at AT TIME ZONE 'UTC')::date                                           AS day,
       provider_name,
       count(*)                                                                         AS attempts,
       count(*) FILTER (WHERE NOT success)                                              AS failed_attempts,
       (1 - trunc(count(*) FILTER (WHERE success)::numeric / count(*), 4))::numeric(7, 4) AS failure_rate
FROM api_usage_logs
GROUP BY (occurred_at AT TIME ZONE 'UTC')::date, provider_name;

COMMENT ON VIEW failure_rate_by_provider_day IS
    'Provider attempts per UTC day and how many failed (success = false: errors, timeouts, rate limits). '
    'failure_rate = failed_attempts / attempts as a fraction (0.0125 = 1.25 %), rounded up to four decimals.';

CREATE VIEW unpriced_usage AS
SELECT (occurred_at AT TIME ZONE 'UTC')::date AS day,
       provider_name,
       model,
       count(*)                               AS attempts,
       sum(prompt_tokens)::bigint             AS prompt_tokens,
       sum(completion_tokens)::bigint         AS completion_tokens
FROM api_usage_logs
WHERE NOT priced
GROUP BY (occurred_at AT TIME ZONE 'UTC')::date, provider_name, model;

COMMENT ON VIEW unpriced_usage IS
    'Usage of models with no known price (priced = false) per UTC day, provider and model. These attempts '
    'are stored with cost 0, so every spend figure misses them until a price is added; the tokens are what '
    'to bill once it is.';
