package io.llmrelay.worker.completion;

import java.time.Clock;

import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.serde.AvroSerde;
import io.llmrelay.worker.WorkerSettings;
import io.llmrelay.worker.cost.Pricing;
import io.llmrelay.worker.kafka.WorkerTopics;
import io.llmrelay.worker.provider.ChatProvider;
import io.llmrelay.worker.provider.ProviderSettings;
import io.llmrelay.worker.publish.OutcomePublisher;
import io.llmrelay.worker.retry.Jitter;
import io.llmrelay.worker.retry.RetryPolicy;
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

    @Bean
    RequestProcessor requestProcessor(ChatProvider provider, ProviderSettings settings, Pricing pricing,
                                      OutcomePublisher publisher, Clock clock) {
        ProviderSettings.Retry retry = settings.retry();
        RetryPolicy policy = new RetryPolicy(retry.maxAttempts(), retry.baseDelay(), retry.maxDelay(), Jitter.random());
        return new RequestProcessor(AvroSerde.of(CompletionRequest.class), new AttemptLoop(provider, policy, clock),
                new OutcomeRecords(pricing, clock, System::nanoTime), publisher, clock, System::nanoTime);
    }
}
