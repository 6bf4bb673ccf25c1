package io.llmrelay.ingest.kafka;

import java.time.Clock;

import io.llmrelay.ingest.IngestProperties;
import io.llmrelay.ingest.RelayKafkaProperties;
import io.llmrelay.schemas.AuditEvent;
import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.kafka.ClusterReachability;
import io.llmrelay.schemas.kafka.KafkaHealthIndicator;
import io.llmrelay.schemas.topic.Topic;
import io.llmrelay.schemas.topic.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /**
     * Closed by the context after the web server has drained; close() waits for sends still in flight, which the
     * delivery timeout (relay.kafka.operation-timeout) bounds.
     */
    @Bean
    Producer<String, CompletionRequest> requestProducer(RelayKafkaProperties kafka, IngestProperties ingest) {
        Topic<String, CompletionRequest> topic = Topics.REQUESTS;
        return new KafkaProducer<>(KafkaClientConfig.producer(kafka, "request-ingest-" + ingest.instanceId()),
                topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    @Bean
    RequestPublisher requestPublisher(Producer<String, CompletionRequest> requestProducer, RelayKafkaProperties kafka) {
        return new RequestPublisher(requestProducer, Topics.REQUESTS.withPrefix(kafka.topicPrefix()));
    }

    /**
     * A producer of its own for {@code llm.audit}, so an audit send never queues behind (or holds up) requests, with
     * a short {@code max.block.ms}: a 401 must not wait for the audit topic's metadata.
     */
    @Bean
    Producer<String, AuditEvent> auditProducer(RelayKafkaProperties kafka, IngestProperties ingest) {
        Topic<String, AuditEvent> topic = Topics.AUDIT;
        return new KafkaProducer<>(KafkaClientConfig.auditProducer(kafka, "request-ingest-" + ingest.instanceId()
                + "-audit"), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    @Bean
    AuditPublisher auditPublisher(Producer<String, AuditEvent> auditProducer, RelayKafkaProperties kafka,
                                  IngestProperties ingest, Clock clock) {
        return new AuditPublisher(auditProducer, Topics.AUDIT.withPrefix(kafka.topicPrefix()), ingest.instanceId(),
                clock);
    }

    /** Checked in the background, every few seconds, by an admin client of its own. */
    @Bean(destroyMethod = "close")
    ClusterReachability kafkaReachability(RelayKafkaProperties kafka, IngestProperties ingest) {
        return ClusterReachability.start(kafka.bootstrapServers(), kafka.properties(),
                "request-ingest-" + ingest.instanceId() + "-health");
    }

    @Bean
    HealthIndicator kafkaHealthIndicator(ClusterReachability kafkaReachability) {
        return new KafkaHealthIndicator(kafkaReachability);
    }
}
