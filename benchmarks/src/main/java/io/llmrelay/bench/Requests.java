package io.llmrelay.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.llmrelay.schemas.ChatMessage;
import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.ReplyRoute;

/** The request bodies the scenarios send: small, like a typical chat call. */
final class Requests {

    static final String PROMPT = "Say hello to the benchmark.";
    static final String CHAT_JSON = """
            {"model":"gpt-4o-mini","max_tokens":16,"messages":[{"role":"user","content":"%s"}]}""".formatted(PROMPT);

    private Requests() {
    }

    static CompletionRequest kafka(ReplyRoute replyTo, Duration deadline) {
        Instant now = Instant.now();
        return CompletionRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setUserId("bench-user")
                .setTeamId("bench-team")
                .setKeyId("bench-key")
                .setModel("gpt-4o-mini")
                .setMaxTokens(16)
                .setMessages(List.of(ChatMessage.newBuilder().setRole("user").setContent(PROMPT).build()))
                .setCreatedAt(now)
                .setDeadline(now.plus(deadline))
                .setReplyTo(replyTo)
                .build();
    }
}
