package io.llmrelay.aggregator.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.llmrelay.aggregator.db.tables.records.ApiUsageLogsRecord;
import io.llmrelay.schemas.Price;
import io.llmrelay.schemas.TokenUsage;
import io.llmrelay.schemas.UsageEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UsageRowMapperTest {

    private static final Instant OCCURRED_AT = Instant.parse("2026-11-26T10:15:30.123Z");

    @Test
    void copiesEveryFieldOfAPricedEventIntoItsColumn() {
        UsageEvent event = minimalEvent()
                .setUserId("0b9a3a1e-5c2f-4d8e-9a61-3f0c2b7d4e15")
                .setAttemptId("1f6b2c8e-4d3a-4b7e-9c05-6a2e8d1f7b40")
                .setTeamId("team-7").setKeyId("key-3")
                .setUsage(new TokenUsage(1_200, 300, 1_000))
                .setCostMicros(1_234_567).setPriced(true)
                .setPrice(new Price(2_500_000L, 1_250_000L, 10_000_000L, "prices.yaml@v3", "2026-11-01"))
                .setSuccess(false).setStatusCode(503).setErrorMessage("upstream overloaded")
                .setRequestBytes(2_048).setResponseBytes(512).setLatencyMs(1_850)
                .build();

        ApiUsageLogsRecord row = UsageRowMapper.toRow(event);

        assertThat(row.getRequestId()).isEqualTo("req-1");
        assertThat(row.getAttempt()).isEqualTo(2);
        assertThat(row.getAttemptId()).isEqualTo("1f6b2c8e-4d3a-4b7e-9c05-6a2e8d1f7b40");
        assertThat(row.getAttemptKey()).isEqualTo("1f6b2c8e-4d3a-4b7e-9c05-6a2e8d1f7b40");
        assertThat(row.getUserRef()).isEqualTo("0b9a3a1e-5c2f-4d8e-9a61-3f0c2b7d4e15");
        assertThat(row.getUserId()).isEqualTo(UUID.fromString("0b9a3a1e-5c2f-4d8e-9a61-3f0c2b7d4e15"));
        assertThat(row.getTeamId()).isEqualTo("team-7");
        assertThat(row.getKeyId()).isEqualTo("key-3");
        assertThat(row.getProviderName()).isEqualTo("openai");
        assertThat(row.getEndpoint()).isEqualTo("/v1/chat/completions");
        assertThat(row.getModel()).isEqualTo("gpt-4o-mini");
        assertThat(row.getPromptTokens()).isEqualTo(1_200);
        assertThat(row.getCompletionTokens()).isEqualTo(300);
        assertThat(row.getCachedPromptTokens()).isEqualTo(1_000);
        assertThat(row.getCostMicros()).isEqualTo(1_234_567L);
        assertThat(row.getCostCents()).isEqualTo(123);
        assertThat(row.getPriced()).isTrue();
        assertThat(row.getPriceInputMicrosPerMtok()).isEqualTo(2_500_000L);
        assertThat(row.getPriceCachedInputMicrosPerMtok()).isEqualTo(1_250_000L);
        assertThat(row.getPriceOutputMicrosPerMtok()).isEqualTo(10_000_000L);
        assertThat(row.getPriceSource()).isEqualTo("prices.yaml@v3");
        assertThat(row.getPriceEffectiveDate()).isEqualTo(LocalDate.of(2026, 11, 1));
        assertThat(row.getSuccess()).isFalse();
        assertThat(row.getStatusCode()).isEqualTo(503);
        assertThat(row.getErrorMessage()).isEqualTo("upstream overloaded");
        assertThat(row.getRequestSizeBytes()).isEqualTo(2_048);
        assertThat(row.getResponseSizeBytes()).isEqualTo(512);
        assertThat(row.getProcessingTimeMs()).isEqualTo(1_850);
        assertThat(row.getOccurredAt()).isEqualTo(OffsetDateTime.of(2026, 11, 26, 10, 15, 30, 123_000_000, ZoneOffset.UTC));
        assertThat(row.getId()).as("the database assigns the id").isNull();
    }

    @Test
    void leavesOptionalColumnsEmptyForAnUnpricedEventWithoutTeamKeyOrStatus() {
        ApiUsageLogsRecord row = UsageRowMapper.toRow(minimalEvent().build());

        assertThat(row.getPriced()).isFalse();
        assertThat(row.getCostMicros()).isZero();
        assertThat(row.getCostCents()).isZero();
        assertThat(row.getTeamId()).isNull();
        assertThat(row.getKeyId()).isNull();
        assertThat(row.getStatusCode()).isNull();
        assertThat(row.getErrorMessage()).isNull();
        assertThat(row.getPriceInputMicrosPerMtok()).isNull();
        assertThat(row.getPriceCachedInputMicrosPerMtok()).isNull();
        assertThat(row.getPriceOutputMicrosPerMtok()).isNull();
        assertThat(row.getPriceSource()).isNull();
        assertThat(row.getPriceEffectiveDate()).isNull();
    }

    @Test
    void writesTheOriginalTimestampColumnAsTheUtcWallClockOfOccurredAt() {
        ApiUsageLogsRecord row = UsageRowMapper.toRow(minimalEvent().build());

        assertThat(row.getTimestamp()).isEqualTo(LocalDateTime.of(2026, 11, 26, 10, 15, 30, 123_000_000));
    }

    @ParameterizedTest(name = "{0} micro-USD -> {1} cents")
    @CsvSource({"0, 0", "4999, 0", "5000, 1", "10000, 1", "14999, 1", "15000, 2", "1234567, 123", "1235000, 124",
            "-4999, 0", "-5000, -1"})
    void roundsCostMicrosHalfUpToWholeCents(long micros, int cents) {
        assertThat(UsageRowMapper.costCents(micros)).isEqualTo(cents);
    }

    @Test
    void refusesACostThatDoesNotFitTheCentsColumn() {
        UsageEvent event = minimalEvent().setCostMicros(Long.MAX_VALUE).setPriced(true).build();

        assertThatThrownBy(() -> UsageRowMapper.toRow(event))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cost_micros " + Long.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0b9a3a1e-5c2f-4d8e-9a61-3f0c2b7d4e15", "0B9A3A1E-5C2F-4D8E-9A61-3F0C2B7D4E15"})
    void fillsUserIdWhenTheUserRefIsAUuid(String userRef) {
        assertThat(UsageRowMapper.userUuid(userRef)).isEqualTo(UUID.fromString("0b9a3a1e-5c2f-4d8e-9a61-3f0c2b7d4e15"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"user-42", "", "1-2-3-4-5", "0b9a3a1e5c2f4d8e9a613f0c2b7d4e15",
            "0b9a3a1e-5c2f-4d8e-9a61-3f0c2b7d4e15-x", "zb9a3a1e-5c2f-4d8e-9a61-3f0c2b7d4e15"})
    void leavesUserIdEmptyWhenTheUserRefIsNotACanonicalUuid(String userRef) {
        assertThat(UsageRowMapper.userUuid(userRef)).isNull();
    }

    @Test
    void refusesAPriceWhoseEffectiveDateIsNotAnIsoDate() {
        UsageEvent event = minimalEvent()
                .setPrice(new Price(1L, 1L, 1L, "prices.yaml", "01/11/2026")).build();

        assertThatThrownBy(() -> UsageRowMapper.toRow(event))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'01/11/2026' is not an ISO date");
    }

    @ParameterizedTest(name = "latency_ms {0} -> processing_time_ms {1}")
    @CsvSource({"0, 0", "842, 842", "2147483647, 2147483647", "-1, 0", "-3600000, 0", "-9223372036854775808, 0",
            "2147483648, 2147483647", "9223372036854775807, 2147483647"})
    void clampsTheLatencyIntoTheProcessingTimeColumnInsteadOfRefusingTheBilledCall(long latencyMs, int stored) {
        UsageEvent event = minimalEvent().setLatencyMs(latencyMs).build();

        assertThat(UsageRowMapper.toRow(event).getProcessingTimeMs()).isEqualTo(stored);
    }

    @Test
    void keysTheAttemptByItsAttemptIdWhenTheEventHasOne() {
        String attemptId = "7c0e5f2a-3b1d-4e8f-a6c2-9d4b1e0f3a57";

        ApiUsageLogsRecord row = UsageRowMapper.toRow(minimalEvent().setAttemptId(attemptId).build());

        assertThat(row.getAttempt()).isEqualTo(2);
        assertThat(row.getAttemptId()).isEqualTo(attemptId);
        assertThat(row.getAttemptKey()).isEqualTo(attemptId);
    }

    @Test
    void keysTheAttemptByItsNumberWhenTheEventPredatesAttemptIds() {
        ApiUsageLogsRecord row = UsageRowMapper.toRow(minimalEvent().build());

        assertThat(row.getAttemptId()).isNull();
        assertThat(row.getAttemptKey()).isEqualTo("2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " "})
    void treatsABlankAttemptIdAsAbsent(String blank) {
        ApiUsageLogsRecord row = UsageRowMapper.toRow(minimalEvent().setAttemptId(blank).build());

        assertThat(row.getAttemptId()).isNull();
        assertThat(row.getAttemptKey()).isEqualTo("2");
    }

    /**
     * A fresh builder each time: {@code UsageEvent.newBuilder(UsageEvent)} deep-copies through Avro,
     * which refuses the generated classes until the serde has trusted their package.
     */
    private static UsageEvent.Builder minimalEvent() {
        return UsageEvent.newBuilder()
                .setRequestId("req-1").setAttempt(2).setUserId("user-42")
                .setProvider("openai").setEndpoint("/v1/chat/completions").setModel("gpt-4o-mini")
                .setUsage(new TokenUsage(10, 5, 0))
                .setCostMicros(0).setPriced(false).setSuccess(true)
                .setOccurredAt(OCCURRED_AT);
    }
}
