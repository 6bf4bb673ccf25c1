package io.llmrelay.worker.provider.openai;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;

import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.worker.provider.AttemptResult;
import io.llmrelay.worker.provider.AttemptResult.Answered;
import io.llmrelay.worker.provider.AttemptResult.Failed;
import io.llmrelay.worker.provider.AttemptResult.Stats;
import io.llmrelay.worker.provider.ChatProvider;
import io.llmrelay.worker.provider.HttpFailureClassifier;
import io.llmrelay.worker.provider.ProviderSettings;

/**
 * An OpenAI-compatible {@code POST /v1/chat/completions}, blocking on the caller's virtual thread. The
 * shared {@link HttpClient} pools HTTP/1.1 connections, so concurrent calls reuse them.
 */
final class OpenAiChatProvider implements ChatProvider {

    static final String PATH = "/v1/chat/completions";

    private final ProviderSettings settings;
    private final URI endpoint;
    private final HttpClient http;
    private final OpenAiRequestBody requestBody;
    private final OpenAiAnswer answer;
    private final HttpFailureClassifier classifier;
    private final Clock clock;

    OpenAiChatProvider(ProviderSettings settings, HttpClient http, OpenAiRequestBody requestBody, OpenAiAnswer answer,
                       HttpFailureClassifier classifier, Clock clock) {
        this.settings = settings;
        this.endpoint = endpoint(settings.baseUrl());
        this.http = http;
        this.requestBody = requestBody;
        this.answer = answer;
        this.classifier = classifier;
        this.clock = clock;
    }

    static URI endpoint(URI baseUrl) {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + PATH);
    }

    @Override
    public String id() {
        return settings.id();
    }

    @Override
    public AttemptResult complete(CompletionRequest request, Instant deadline) throws InterruptedException {
        byte[] body = requestBody.write(request);
        Duration untilDeadline = Duration.between(clock.instant(), deadline);
        // the attempt may not outlive the request; at least 1 ms, as HttpRequest refuses a zero timeout
        Duration timeout = Collections.max(List.of(Duration.ofMillis(1),
                Collections.min(List.of(untilDeadline, settings.requestTimeout()))));
        HttpRequest httpRequest = httpRequest(body, timeout);
        long start = System.nanoTime();
        try {
            HttpResponse<byte[]> response = http.send(httpRequest, HttpResponse.BodyHandlers.ofByteArray());
            return outcome(response, stats(body.length, response.body().length, start));
        } catch (IOException e) {
            return new Failed(classifier.fromException(e, timeout), stats(body.length, 0, start));
        }
    }

    private HttpRequest httpRequest(byte[] body, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Authorization", "Bearer " + settings.apiKey().reveal())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (settings.organization() != null) {
            builder.header("OpenAI-Organization", settings.organization());
        }
        return builder.build();
    }

    private AttemptResult outcome(HttpResponse<byte[]> response, Stats stats) {
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            return new Failed(classifier.fromAnswer(status, response.headers(), response.body()), stats);
        }
        OpenAiAnswer.Parsed parsed = answer.parse(response.body());
        return parsed.completion() != null
                ? new Answered(parsed.completion(), stats)
                : new Failed(classifier.invalidAnswer(status, parsed.problem()), stats);
    }

    /** Latency on the monotonic clock: the wall clock may be stepped back during a call. */
    private Stats stats(int requestBytes, int responseBytes, long startNanos) {
        Duration latency = Duration.ofNanos(Math.max(0, System.nanoTime() - startNanos));
        return new Stats(requestBytes, responseBytes, latency, clock.instant());
    }
}
