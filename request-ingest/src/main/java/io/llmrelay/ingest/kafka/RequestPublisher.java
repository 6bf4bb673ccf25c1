package io.llmrelay.ingest.kafka;

import java.util.concurrent.CompletableFuture;

import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.topic.Topic;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/** Writes requests to {@code llm.requests}, keyed by user id so one user's requests stay in order. */
public final class RequestPublisher {

    private final Producer<String, CompletionRequest> producer;
    private final Topic<String, CompletionRequest> topic;

    RequestPublisher(Producer<String, CompletionRequest> producer, Topic<String, CompletionRequest> topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /**
     * Completes when Kafka has the request on all in-sync replicas, or exceptionally when it could not take it within
     * {@code relay.kafka.operation-timeout}. Never throws.
     */
    public CompletableFuture<RecordMetadata> publish(CompletionRequest request) {
        CompletableFuture<RecordMetadata> acknowledged = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic.name(), request.getUserId(), request), (metadata, error) -> {
                if (error != null) {
                    acknowledged.completeExceptionally(error);
                } else {
                    acknowledged.complete(metadata);
                }
            });
        } catch (KafkaException e) {
            // send() throws instead of calling back when the producer is closed or cannot serialize the record
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
    }
}
