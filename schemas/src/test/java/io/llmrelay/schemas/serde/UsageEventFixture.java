package io.llmrelay.schemas.serde;

import java.time.Instant;

import io.llmrelay.schemas.TokenUsage;
import io.llmrelay.schemas.UsageEvent;

final class UsageEventFixture {

    private UsageEventFixture() {
    }

    static UsageEvent one() {
        return UsageEvent.newBuilder()
                .setRequestId("r-1").setAttempt(1).setUserId("u-1").setProvider("openai")
                .setEndpoint("/v1/chat/completions").setModel("gpt-4o-mini")
                .setUsage(new TokenUsage(10, 5, 0)).setCostMicros(3).setPriced(true).setSuccess(true)
                .setOccurredAt(Instant.EPOCH).build();
    }
}
