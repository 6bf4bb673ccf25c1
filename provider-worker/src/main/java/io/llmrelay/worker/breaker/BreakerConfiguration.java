package io.llmrelay.worker.breaker;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import io.llmrelay.schemas.ProviderHealth;
import io.llmrelay.schemas.topic.Topic;
import io.llmrelay.schemas.topic.Topics;
import io.llmrelay.worker.WorkerSettings;
import io.llmrelay.worker.cost.ModelLabels;
import io.llmrelay.worker.kafka.KafkaSettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The breakers, their publisher and listener on {@code llm.provider.health}, and the {@code breakers} actuator
 * endpoint; none of it when {@code relay.breaker.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "relay.breaker", name = "enabled", havingValue = "true", matchIfMissing = true)
class BreakerConfiguration {

    @Bean
    Topic<String, ProviderHealth> providerHealthTopic(KafkaSettings kafka) {
        return Topics.PROVIDER_HEALTH.withPrefix(kafka.topicPrefix());
    }

    @Bean(destroyMethod = "close")
    HealthPublisher healthPublisher(Producer<byte[], byte[]> producer, Topic<String, ProviderHealth> providerHealthTopic) {
        return new HealthPublisher(producer, providerHealthTopic);
    }

    @Bean
    BreakerMetrics breakerMetrics(MeterRegistry registry, ModelLabels models) {
        return new BreakerMetrics(registry, models);
    }

    @Bean
    ProviderBreakers providerBreakers(BreakerSettings settings, WorkerSettings worker, Clock clock,
                                      BreakerMetrics metrics, HealthPublisher healthPublisher) {
        return new ProviderBreakers(settings, worker.instanceId(), clock, metrics, healthPublisher);
    }

    @Bean
    BreakersEndpoint breakersEndpoint(ProviderBreakers providerBreakers) {
        return new BreakersEndpoint(providerBreakers);
    }

    /** Reads peers' states before the request consumer starts (a bounded wait) and stops with the context. */
    @Bean
    SmartLifecycle healthListenerLifecycle(KafkaSettings kafka, WorkerSettings worker, BreakerSettings settings,
                                           Topic<String, ProviderHealth> providerHealthTopic,
                                           ProviderBreakers providerBreakers) {
        HealthListener listener = new HealthListener(healthConsumer(kafka, worker.instanceId()), providerHealthTopic,
                providerBreakers::apply);
        return new ListenerLifecycle(listener, settings);
    }

    /**
     * A consumer without a group: every worker reads every partition from the beginning and commits nothing. The
     * operator's client properties (TLS, SASL) apply; group settings among them are dropped.
     */
    static Map<String, Object> healthConsumer(KafkaSettings kafka, String instanceId) {
        Map<String, Object> config = new HashMap<>(kafka.properties());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, "provider-worker-" + instanceId + "-breakers");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // the topic is compacted: a reader must not create it with the broker's defaults
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    /** Starts early (phase below the default) so that requests are taken with peers' open breakers known. */
    private static final class ListenerLifecycle implements SmartLifecycle {

        private final HealthListener listener;
        private final BreakerSettings settings;
        private volatile boolean running;

        ListenerLifecycle(HealthListener listener, BreakerSettings settings) {
            this.listener = listener;
            this.settings = settings;
        }

        @Override
        public void start() {
            try {
                listener.start(settings.startupReadTimeout());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running = true;
        }

        @Override
        public void stop() {
            listener.close();
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return DEFAULT_PHASE - 1000;
        }
    }
}
