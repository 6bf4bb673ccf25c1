package io.llmrelay.ingest.reply;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.llmrelay.schemas.CompletionResult;

/**
 * Requests of this replica that wait for their result, by request id. The reply listener completes them from its
 * thread; the HTTP thread that registered a request removes it when it stops waiting, whatever the outcome.
 */
final class PendingReplies {

    private final ConcurrentMap<String, CompletableFuture<Outcome>> waiting = new ConcurrentHashMap<>();

    CompletableFuture<Outcome> register(String requestId) {
        CompletableFuture<Outcome> reply = new CompletableFuture<>();
        if (waiting.putIfAbsent(requestId, reply) != null) {
            throw new IllegalStateException("request id " + requestId + " is already waiting for a result");
        }
        return reply;
    }

    /** @return false when nobody here waits for this result (timed out, or meant for another replica) */
    boolean complete(CompletionResult result) {
        return finish(result.getRequestId(), new Outcome.Answered(result));
    }

    boolean finish(String requestId, Outcome outcome) {
        CompletableFuture<Outcome> reply = waiting.remove(requestId);
        return reply != null && reply.complete(outcome);
    }

    void forget(String requestId) {
        waiting.remove(requestId);
    }

    int size() {
        return waiting.size();
    }
}
