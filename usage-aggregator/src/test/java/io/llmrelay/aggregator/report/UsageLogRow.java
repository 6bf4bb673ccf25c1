package io.llmrelay.aggregator.report;

import static io.llmrelay.aggregator.db.Tables.API_USAGE_LOGS;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.jooq.DSLContext;

/**
 * One row of {@code api_usage_logs} as the aggregator stores it, with the columns the reports read spelled out
 * and the others given the values the aggregator would derive. The report tests write them straight into the
 * table: their subject is the SQL over it, not the consumer.
 */
record UsageLogRow(String requestId, int attempt, String user, String team, String provider, String model,
                   int promptTokens, int completionTokens, long costMicros, boolean priced, boolean success,
                   int latencyMs, String occurredAt) {

    void insertInto(DSLContext dsl) {
        Instant at = Instant.parse(occurredAt);
        dsl.insertInto(API_USAGE_LOGS)
                .set(API_USAGE_LOGS.REQUEST_ID, requestId)
                .set(API_USAGE_LOGS.ATTEMPT, attempt)
                .set(API_USAGE_LOGS.ATTEMPT_KEY, Integer.toString(attempt))
                .set(API_USAGE_LOGS.USER_REF, user)
                .set(API_USAGE_LOGS.TEAM_ID, team)
                .set(API_USAGE_LOGS.PROVIDER_NAME, provider)
                .set(API_USAGE_LOGS.ENDPOINT, "/v1/chat/completions")
                .set(API_USAGE_LOGS.MODEL, model)
                .set(API_USAGE_LOGS.PROMPT_TOKENS, promptTokens)
                .set(API_USAGE_LOGS.COMPLETION_TOKENS, completionTokens)
                .set(API_USAGE_LOGS.COST_MICROS, costMicros)
                .set(API_USAGE_LOGS.COST_CENTS, BigDecimal.valueOf(costMicros, 4).setScale(0, RoundingMode.HALF_UP).intValueExact())
                .set(API_USAGE_LOGS.PRICED, priced)
                .set(API_USAGE_LOGS.SUCCESS, success)
                .set(API_USAGE_LOGS.STATUS_CODE, success ? 200 : 503)
                .set(API_USAGE_LOGS.ERROR_MESSAGE, success ? null : "provider answered 503")
                .set(API_USAGE_LOGS.PROCESSING_TIME_MS, latencyMs)
                .set(API_USAGE_LOGS.OCCURRED_AT, OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .set(API_USAGE_LOGS.TIMESTAMP, LocalDateTime.ofInstant(at, ZoneOffset.UTC))
                .execute();
    }
}
