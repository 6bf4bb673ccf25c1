package io.llmrelay.aggregator.usage;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A record that can never become a row, and why; it goes to a dead-letter topic. */
public record Rejected(ConsumerRecord<byte[], byte[]> source, Exception reason) {
}
