package io.llmrelay.aggregator.budget;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.llmrelay.schemas.Budget;
import io.llmrelay.schemas.topic.Topic;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Puts budgets on the compacted {@code llm.budgets}, keyed by subject ({@code user:alice}); a removal is a
 * tombstone. Waits for the broker's acknowledgement, so the admin API answers only once the Streams application
 * can see the change.
 */
final class BudgetPublisher implements AutoCloseable {

    private final Producer<String, Budget> producer;
    private final Topic<String, Budget> topic;
    private final Duration timeout;

    BudgetPublisher(Producer<String, Budget> producer, Topic<String, Budget> topic, Duration timeout) {
        this.producer = producer;
        this.topic = topic;
        this.timeout = timeout;
    }

    /** @throws BudgetApiException (503) when Kafka does not acknowledge within the timeout */
    void publish(String subject, Budget budgetOrNullToRemove) {
        try {
            producer.send(new ProducerRecord<>(topic.name(), subject, budgetOrNullToRemove))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw BudgetApiException.unpublished(subject, e.getCause());
        } catch (TimeoutException e) {
            throw BudgetApiException.unpublished(subject, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BudgetApiException.unpublished(subject, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
