package io.llmrelay.ingest.reply;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Publishes the reply listener's own counts ({@link ReplyStats}) as meters, read at scrape time, rather than
 * counting twice.
 */
final class ReplyMetrics implements MeterBinder {

    private final ReplyStats stats;

    ReplyMetrics(ReplyStats stats) {
        this.stats = stats;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("relay.ingest.replies.pending", stats, ReplyStats::pendingRequests)
                .description("Requests of this replica waiting for their result")
                .register(registry);
        FunctionCounter.builder("relay.ingest.replies.unknown", stats, ReplyStats::unknownResults)
                .description("Results nobody here waits for: timed out, or written for another replica's partition")
                .register(registry);
        FunctionCounter.builder("relay.ingest.replies.undecodable", stats, ReplyStats::undecodableResults)
                .description("Records on the reply partition that are not a CompletionResult")
                .register(registry);
        Gauge.builder("relay.ingest.replies.listening", stats, s -> s.listening() ? 1 : 0)
                .description("1 while the reply listener polls; without it every request of this replica times out")
                .register(registry);
    }
}
