package io.llmrelay.aggregator.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.regex.Pattern;

import io.llmrelay.aggregator.db.tables.records.ApiUsageLogsRecord;
import io.llmrelay.schemas.Price;
import io.llmrelay.schemas.TokenUsage;
import io.llmrelay.schemas.UsageEvent;

/**
 * Turns a {@link UsageEvent} into its {@code api_usage_logs} row (see the V2 and V3 migrations for what
 * each column means). Pure: no I/O, so every rule here has a plain unit test.
 */
final class UsageRowMapper {

    // UUID.fromString also accepts short forms like "1-2-3-4-5"; only the canonical 36-character form
    // is treated as a UUID, so a user id such as "12-34-56-78-90" stays a plain user_ref.
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");

    private UsageRowMapper() {
    }

    /**
     * @throws IllegalArgumentException when the event cannot be a row (a cost outside cost_cents' range, a
     *                                  price date that is not an ISO date); the caller dead-letters it
     */
    static ApiUsageLogsRecord toRow(UsageEvent event) {
        TokenUsage usage = event.getUsage();
        ApiUsageLogsRecord row = new ApiUsageLogsRecord()
                .setRequestId(event.getRequestId())
                .setAttempt(event.getAttempt())
                .setAttemptId(attemptId(event))
                .setAttemptKey(attemptKey(event))
                .setUserRef(event.getUserId())
                .setUserId(userUuid(event.getUserId()))
                .setTeamId(event.getTeamId())
                .setKeyId(event.getKeyId())
                .setProviderName(event.getProvider())
                .setEndpoint(event.getEndpoint())
                .setModel(event.getModel())
                .setPromptTokens(usage.getPromptTokens())
                .setCompletionTokens(usage.getCompletionTokens())
                .setCachedPromptTokens(usage.getCachedPromptTokens())
                .setCostMicros(event.getCostMicros())
                .setCostCents(costCents(event.getCostMicros()))
                .setPriced(event.getPriced())
                .setSuccess(event.getSuccess())
                .setStatusCode(event.getStatusCode())
                .setErrorMessage(event.getErrorMessage())
                .setRequestSizeBytes(event.getRequestBytes())
                .setResponseSizeBytes(event.getResponseBytes())
                .setProcessingTimeMs(latencyMillis(event.getLatencyMs()))
                .setOccurredAt(event.getOccurredAt().atOffset(ZoneOffset.UTC))
                .setTimestamp(LocalDateTime.ofInstant(event.getOccurredAt(), ZoneOffset.UTC));
        Price price = event.getPrice();
        if (price != null) {
            row.setPriceInputMicrosPerMtok(price.getInputMicrosPerMtok())
                    .setPriceCachedInputMicrosPerMtok(price.getCachedInputMicrosPerMtok())
                    .setPriceOutputMicrosPerMtok(price.getOutputMicrosPerMtok())
                    .setPriceSource(price.getSource())
                    .setPriceEffectiveDate(effectiveDate(price.getEffectiveDate()));
        }
        return row;
    }

    /** Half a cent (5,000 micro-USD) rounds away from zero, as {@link RoundingMode#HALF_UP} does. */
    static int costCents(long costMicros) {
        try {
            return BigDecimal.valueOf(costMicros).movePointLeft(4).setScale(0, RoundingMode.HALF_UP).intValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("cost_micros " + costMicros + " does not fit cost_cents (INTEGER)", e);
        }
    }

    /** The user id as a UUID when it is one in canonical form, else null (user_ref keeps it either way). */
    static UUID userUuid(String userId) {
        return CANONICAL_UUID.matcher(userId).matches() ? UUID.fromString(userId) : null;
    }

    /**
     * The attempt's identity within its request, as the unique constraint sees it (V3 migration): the
     * attempt_id of the provider call, or the attempt number for events from producers that predate
     * attempt ids.
     */
    static String attemptKey(UsageEvent event) {
        String attemptId = attemptId(event);
        return attemptId != null ? attemptId : Integer.toString(event.getAttempt());
    }

    /**
     * A blank attempt_id counts as absent: as a key it would make every attempt of the request one
     * duplicate, which is worse than falling back to the attempt number.
     */
    private static String attemptId(UsageEvent event) {
        String attemptId = event.getAttemptId();
        return attemptId == null || attemptId.isBlank() ? null : attemptId;
    }

    /**
     * Clamped into processing_time_ms (INTEGER, >= 0), never refused: the row is a billed call and must be
     * counted, and a bad duration is no reason to lose it. A negative latency comes from the worker's
     * wall clock stepping back (NTP) between the call's start and end.
     */
    private static int latencyMillis(long latencyMs) {
        return Math.clamp(latencyMs, 0, Integer.MAX_VALUE);
    }

    private static LocalDate effectiveDate(String isoDate) {
        try {
            return LocalDate.parse(isoDate);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("price effective_date '" + isoDate + "' is not an ISO date (yyyy-mm-dd)", e);
        }
    }
}
