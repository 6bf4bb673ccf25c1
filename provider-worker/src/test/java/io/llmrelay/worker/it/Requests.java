package io.llmrelay.worker.it;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.llmrelay.schemas.ChatMessage;
import io.llmrelay.schemas.CompletionRequest;

/** Requests as a producing service would write them. */
final class Requests {

    private Requests() {
    }

    /** A request for {@code mock-model} due within a minute; {@code prompt} may carry mock directives. */
    static CompletionRequest.Builder request(String prompt) {
        Instant now = Instant.now();
        return CompletionRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setUserId("user-" + UUID.randomUUID().toString().substring(0, 8))
                .setTeamId("team-it")
                .setKeyId("key-it")
                .setModel("mock-model")
                .setMessages(List.of(
                        ChatMessage.newBuilder().setRole("system").setContent("You answer briefly.").build(),
                        ChatMessage.newBuilder().setRole("user").setContent(prompt).build()))
                .setCreatedAt(now)
                .setDeadline(now.plus(Duration.ofMinutes(1)));
    }
}
