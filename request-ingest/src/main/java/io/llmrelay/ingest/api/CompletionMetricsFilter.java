package io.llmrelay.ingest.api;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

import io.llmrelay.ingest.reply.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts and times every {@code POST /v1/chat/completions}, refusals (401, 400, 404, 413, 415) included, by the
 * status actually sent. A filter rather than the controller, because refusals are answered by the error handler
 * after the controller has thrown.
 *
 * <p>Labels stay few: {@code model} is one of {@code relay.ingest.models} or {@code other} (an unknown model is
 * whatever a caller typed), {@code outcome} one of a fixed set, {@code status} an HTTP status. Nothing that names a
 * caller, a key or a request.
 */
final class CompletionMetricsFilter extends OncePerRequestFilter {

    static final String OTHER = "other";
    /** The request reached Kafka's side of the relay: its model was known and its outcome is one of {@link Outcome}. */
    private static final String MODEL = CompletionMetricsFilter.class.getName() + ".model";
    private static final String OUTCOME = CompletionMetricsFilter.class.getName() + ".outcome";
    /** Not sent to Kafka: no key, bad body, unknown model... The status says which. */
    private static final String REFUSED = "refused";
    /** An error the relay did not expect (500). */
    private static final String ERROR = "error";

    private final MeterRegistry registry;
    private final KnownModels models;

    CompletionMetricsFilter(MeterRegistry registry, KnownModels models) {
        this.registry = registry;
        this.models = models;
    }

    /** Called by the controller once the outcome is known; requests it never marks count as refused (or error). */
    static void mark(HttpServletRequest request, String model, Outcome outcome) {
        request.setAttribute(MODEL, model);
        request.setAttribute(OUTCOME, outcomeLabel(outcome));
    }

    static String outcomeLabel(Outcome outcome) {
        return switch (outcome) {
            // SUCCEEDED, FAILED, REJECTED, DEADLINE_EXCEEDED: an Avro enum, so a fixed set
            case Outcome.Answered answered -> answered.result().getStatus().name().toLowerCase(Locale.ROOT);
            case Outcome.TimedOut timedOut -> "timed_out";
            case Outcome.NotPublished notPublished -> "not_published";
        };
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            record(request, 500, start);
            throw e;
        }
        record(request, response.getStatus(), start);
    }

    private void record(HttpServletRequest request, int status, long startNanos) {
        Object model = request.getAttribute(MODEL);
        Object outcome = request.getAttribute(OUTCOME);
        String modelLabel = model instanceof String name && models.contains(name) ? name : OTHER;
        String outcomeLabel = outcome instanceof String label ? label : status >= 500 ? ERROR : REFUSED;
        Counter.builder("relay.ingest.requests")
                .description("Chat completion requests answered, by model, outcome and HTTP status")
                .tags("model", modelLabel, "outcome", outcomeLabel, "status", Integer.toString(status))
                .register(registry).increment();
        Timer.builder("relay.ingest.request.duration")
                .description("Time from receiving a chat completion request to answering it, waiting for Kafka "
                        + "and the workers included")
                .tags("outcome", outcomeLabel)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry).record(Duration.ofNanos(System.nanoTime() - startNanos));
    }
}
