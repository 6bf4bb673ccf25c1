package io.llmrelay.ingest.api;

import io.llmrelay.ingest.reply.Outcome;
import io.llmrelay.schemas.CompletionResult;
import io.llmrelay.schemas.TokenUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Turns the outcome of a request into the HTTP answer an OpenAI client expects. */
final class CompletionResponses {

    static final String REQUEST_ID = "x-request-id";
    static final String COST_MICROS = "x-llm-relay-cost-micros";

    private static final Logger log = LoggerFactory.getLogger(CompletionResponses.class);

    private final EventStream events;

    CompletionResponses(EventStream events) {
        this.events = events;
    }

    ResponseEntity<?> render(String requestId, Outcome outcome, boolean stream, boolean includeUsage) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(REQUEST_ID, requestId);
        return switch (outcome) {
            case Outcome.Answered(CompletionResult result) -> answered(result, headers, stream, includeUsage);
            case Outcome.TimedOut(var waited) -> FailureResponses.timedOut(waited, headers);
            case Outcome.NotPublished(Throwable cause) -> {
                log.warn("request {} not published: {}", requestId, cause.toString());
                yield FailureResponses.notPublished(headers);
            }
        };
    }

    private ResponseEntity<?> answered(CompletionResult result, HttpHeaders headers, boolean stream,
                                       boolean includeUsage) {
        headers.set(COST_MICROS, Long.toString(result.getCostMicros()));
        return switch (result.getStatus()) {
            case SUCCEEDED -> succeeded(result, headers, stream, includeUsage);
            case FAILED -> FailureResponses.failed(result, headers);
            case REJECTED -> FailureResponses.rejected(result, headers);
            case DEADLINE_EXCEEDED -> FailureResponses.deadlineExceeded(result, headers);
        };
    }

    private ResponseEntity<?> succeeded(CompletionResult result, HttpHeaders headers, boolean stream,
                                        boolean includeUsage) {
        WireFormat.ChatCompletion completion = completion(result);
        if (stream) {
            headers.setCacheControl("no-cache");
            return ResponseEntity.ok().headers(headers).contentType(MediaType.TEXT_EVENT_STREAM)
                    .body(events.render(completion, includeUsage));
        }
        return ResponseEntity.ok().headers(headers).contentType(MediaType.APPLICATION_JSON).body(completion);
    }

    static WireFormat.ChatCompletion completion(CompletionResult result) {
        String id = result.getResponseId() != null ? result.getResponseId() : "chatcmpl-" + result.getRequestId();
        String model = result.getModel() != null ? result.getModel() : result.getRequestedModel();
        String finishReason = result.getFinishReason() != null ? result.getFinishReason() : "stop";
        WireFormat.Choice choice = new WireFormat.Choice(0,
                new WireFormat.Message("assistant", result.getContent(), null), finishReason, null);
        return new WireFormat.ChatCompletion(id, result.getCompletedAt().getEpochSecond(), model, choice,
                usage(result.getUsage()));
    }

    private static WireFormat.Usage usage(TokenUsage usage) {
        if (usage == null) {
            return null;
        }
        return new WireFormat.Usage(usage.getPromptTokens(), usage.getCompletionTokens(),
                usage.getPromptTokens() + usage.getCompletionTokens(),
                new WireFormat.PromptTokensDetails(usage.getCachedPromptTokens()));
    }
}
