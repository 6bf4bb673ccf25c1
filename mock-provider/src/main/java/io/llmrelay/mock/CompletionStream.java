package io.llmrelay.mock;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;

/**
 * Answers {@code stream: true} with Server-Sent Events as OpenAI does: a role chunk, content chunks
 * of a few words, a chunk with the finish reason, optionally a usage chunk with no choices, then
 * {@code data: [DONE]}. Each event is flushed on its own so a client sees them arrive separately.
 */
final class CompletionStream {

    static final int WORDS_PER_CHUNK = 3;
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_OF_EVENT = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);
    // splits after whitespace, so every piece keeps its trailing spaces and the pieces concatenate back exactly
    private static final Pattern WORD_BOUNDARY = Pattern.compile("(?<=\\s)(?=\\S)");

    private final OpenAiJson json;

    CompletionStream(OpenAiJson json) {
        this.json = json;
    }

    void send(HttpExchange exchange, MockCompletion completion, boolean includeUsage) throws IOException {
        try (OutputStream out = open(exchange)) {
            event(out, json.roleChunk(completion, includeUsage));
            for (String piece : pieces(completion.content())) {
                event(out, json.contentChunk(completion, piece, includeUsage));
            }
            event(out, json.finishChunk(completion, includeUsage));
            if (includeUsage) {
                event(out, json.usageChunk(completion));
            }
            event(out, DONE);
        }
    }

    /** A stream that breaks off inside its second event and never sends [DONE]. */
    void sendBroken(HttpExchange exchange, MockCompletion completion) throws IOException {
        try (OutputStream out = open(exchange)) {
            event(out, json.roleChunk(completion, false));
            byte[] chunk = json.contentChunk(completion, completion.content(), false);
            out.write(DATA);
            out.write(chunk, 0, chunk.length / 2);
            out.flush();
        }
    }

    static List<String> pieces(String content) {
        String[] words = WORD_BOUNDARY.split(content);
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < words.length; i += WORDS_PER_CHUNK) {
            pieces.add(String.join("", Arrays.asList(words).subList(i, Math.min(i + WORDS_PER_CHUNK, words.length))));
        }
        return pieces;
    }

    private static OutputStream open(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.getResponseHeaders().set("x-request-id", HttpAnswer.requestId());
        exchange.sendResponseHeaders(200, 0); // 0 = unknown length, sent chunked
        return exchange.getResponseBody();
    }

    private static void event(OutputStream out, byte[] data) throws IOException {
        out.write(DATA);
        out.write(data);
        out.write(END_OF_EVENT);
        out.flush();
    }
}
