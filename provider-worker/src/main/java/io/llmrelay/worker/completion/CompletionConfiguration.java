package io.llmrelay.worker.completion;

import java.time.Clock;
import java.util.random.RandomGenerator;

import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.serde.AvroSerde;
import io.llmrelay.worker.WorkerSettings;
import io.llmrelay.worker.breaker.BreakerSettings;
import io.llmrelay.worker.breaker.ProviderBreakers;
import io.llmrelay.worker.budget.BudgetReservations;
import io.llmrelay.worker.budget.BudgetStatusView;
import io.llmrelay.worker.cost.ModelLabels;
import io.llmrelay.worker.cost.Pricing;
import io.llmrelay.worker.kafka.WorkerTopics;
import io.llmrelay.worker.provider.ProviderRegistry;
import io.llmrelay.worker.provider.ProviderSettings;
import io.llmrelay.worker.publish.OutcomePublisher;
import io.llmrelay.worker.ratelimit.RateLimiter;
import io.llmrelay.worker.retry.Jitter;
import io.llmrelay.worker.retry.RetryPolicy;
import io.llmrelay.worker.routing.LatencyTracker;
import io.llmrelay.worker.routing.RetryTopicSettings;
import io.llmrelay.worker.routing.Routes;
import io.llmrelay.worker.routing.db.DatabaseRouting;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CompletionConfiguration {

    @Bean
    OutcomePublisher outcomePublisher(Producer<byte[], byte[]> producer, WorkerTopics topics, WorkerSettings worker,
                                      Clock clock) {
        return new OutcomePublisher(producer, topics, worker.instanceId(), clock);
    }

    /** Read from the publisher's own count at scrape time. */
    @Bean
    MeterBinder deadLetterMetrics(OutcomePublisher outcomePublisher) {
        return registry -> FunctionCounter.builder("relay.worker.dead.letters", outcomePublisher,
                        OutcomePublisher::deadLetteredCount)
                .description("Request records copied to the dead-letter topic: undecodable, or failed unexpectedly")
                .register(registry);
    }

    @Bean
    MeterBinder lostAuditMetrics(OutcomePublisher outcomePublisher) {
        return registry -> FunctionCounter.builder("relay.worker.audits.lost", outcomePublisher,
                        OutcomePublisher::auditsLostCount)
                .description("Audit events Kafka did not take; each is logged with its event id")
                .register(registry);
    }

    /** Breakers (unless turned off) and shared rate limits in front of every provider attempt. */
    @Bean
    CallGate callGate(ObjectProvider<ProviderBreakers> breakers, BreakerSettings breakerSettings, RateLimiter limiter,
                      ObjectProvider<DatabaseRouting> fromDatabase, Clock clock) {
        return new ResilienceGate(breakers.getIfAvailable(),
                fromDatabase.getIfAvailable(DatabaseRouting::none).withoutBreakers(), limiter,
                breakerSettings.waitOpen(), clock);
    }

    @Bean
    RequestProcessor requestProcessor(ProviderRegistry providers, Routes routes, LatencyTracker latencies,
                                      CallGate gate, ObjectProvider<BudgetStatusView> budgetView,
                                      ObjectProvider<BudgetReservations> budgetReservations, ProviderSettings settings,
                                      RetryTopicSettings parking, Pricing pricing, ModelLabels modelLabels,
                                      OutcomePublisher publisher,
                                      MeterRegistry registry, Clock clock) {
        ProviderSettings.Retry retry = settings.retry();
        RetryPolicy policy = new RetryPolicy(retry.maxAttempts(), retry.baseDelay(), retry.maxDelay(), Jitter.random());
        ProviderCallMetrics metrics = new ProviderCallMetrics(registry, modelLabels);
        FallbackLoop loop = new FallbackLoop(providers::get, gate, policy,
                latencies, clock, metrics);
        return new RequestProcessor(AvroSerde.of(CompletionRequest.class), routes, loop, latencies,
                RandomGenerator.getDefault(), parking,
                new BudgetGuard(budgetView.getIfAvailable(), budgetReservations.getIfAvailable()),
                new OutcomeRecords(pricing, clock, System::nanoTime), publisher,
                metrics, clock, System::nanoTime);
    }
}
