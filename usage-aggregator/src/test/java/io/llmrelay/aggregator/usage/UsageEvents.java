package io.llmrelay.aggregator.usage;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.llmrelay.schemas.Price;
import io.llmrelay.schemas.TokenUsage;
import io.llmrelay.schemas.UsageEvent;
import io.llmrelay.schemas.topic.Topics;

/** Usage events for integration tests: every field set, request ids unique per call site. */
final class UsageEvents {

    static {
        // Avro fixes the packages it trusts at its first class lookup in the JVM, and building an event
        // (defaults of unset fields) can be that lookup. The serde adds the contracts package to that list,
        // so it must be loaded first, or a test that builds events before any serde exists (one that never
        // touches Kafka) leaves every later decode in this JVM refused as "not trusted".
        Topics.USAGE.valueSerde();
    }

    private UsageEvents() {
    }

    static UsageEvent.Builder priced(String requestId, int attempt, String userId) {
        return UsageEvent.newBuilder()
                .setRequestId(requestId).setAttempt(attempt).setUserId(userId)
                .setTeamId("team-platform").setKeyId("key-ci")
                .setProvider("openai").setEndpoint("/v1/chat/completions").setModel("gpt-4o-mini")
                .setUsage(new TokenUsage(1_000, 250, 400))
                .setCostMicros(301_500).setPriced(true)
                .setPrice(new Price(150_000L, 75_000L, 600_000L, "prices.yaml@2026-11", "2026-11-01"))
                .setSuccess(true).setStatusCode(200)
                .setRequestBytes(1_536).setResponseBytes(4_096).setLatencyMs(842)
                .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }
}
