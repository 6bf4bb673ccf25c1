package io.llmrelay.worker.completion;

import java.time.Clock;

import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.serde.AvroSerde;
import io.llmrelay.worker.WorkerSettings;
import io.llmrelay.worker.cost.ModelLabels;
import io.llmrelay.worker.cost.Pricing;
import io.llmrelay.worker.credentials.CredentialAudit;
import io.llmrelay.worker.kafka.WorkerTopics;
import io.llmrelay.worker.provider.ChatProvider;
import io.llmrelay.worker.provider.ProviderSettings;
import io.llmrelay.worker.publish.OutcomePublisher;
import io.llmrelay.worker.retry.Jitter;
import io.llmrelay.worker.retry.RetryPolicy;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.kafka.clients.producer.Producer;
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

    @Bean
    RequestProcessor requestProcessor(ChatProvider provider, ProviderSettings settings, Pricing pricing,
                                      ModelLabels modelLabels, OutcomePublisher publisher,
                                      CredentialAudit credentialAudit, MeterRegistry registry, Clock clock) {
        ProviderSettings.Retry retry = settings.retry();
        RetryPolicy policy = new RetryPolicy(retry.maxAttempts(), retry.baseDelay(), retry.maxDelay(), Jitter.random());
        ProviderCallMetrics metrics = new ProviderCallMetrics(registry, modelLabels);
        return new RequestProcessor(AvroSerde.of(CompletionRequest.class),
                new AttemptLoop(provider, policy, clock, metrics), new OutcomeRecords(pricing, clock, System::nanoTime),
                publisher, metrics, credentialAudit, clock, System::nanoTime);
    }
}
