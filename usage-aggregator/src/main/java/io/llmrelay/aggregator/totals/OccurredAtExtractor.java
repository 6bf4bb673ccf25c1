package io.llmrelay.aggregator.totals;

import io.llmrelay.schemas.UsageEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time of {@code llm.usage}: when the attempt happened, not when it was produced or processed. Stream time,
 * and with it the deduplication window's retention, follows the events.
 */
final class OccurredAtExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        return record.value() instanceof UsageEvent usage ? usage.getOccurredAt().toEpochMilli() : record.timestamp();
    }
}
