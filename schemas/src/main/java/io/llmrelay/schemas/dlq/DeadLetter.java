package io.llmrelay.schemas.dlq;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.llmrelay.schemas.topic.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds the dead-letter copy of a record a consumer could not process: the original key, value
 * and headers, unchanged, plus {@code dlq.*} headers saying where it came from and why.
 * Error messages are cut to {@value #MAX_MESSAGE_CHARS} characters; callers pass exceptions whose
 * messages never carry secrets (decoding errors do not echo the payload).
 */
public final class DeadLetter {

    public static final String SOURCE_TOPIC = "dlq.source.topic";
    public static final String SOURCE_PARTITION = "dlq.source.partition";
    public static final String SOURCE_OFFSET = "dlq.source.offset";
    public static final String ERROR_CLASS = "dlq.error.class";
    public static final String ERROR_MESSAGE = "dlq.error.message";
    public static final String FAILED_BY = "dlq.failed.by";
    public static final String FAILED_AT = "dlq.failed.at";

    static final int MAX_MESSAGE_CHARS = 1_000;

    private DeadLetter() {
    }

    public static ProducerRecord<byte[], byte[]> of(Topic<byte[], byte[]> dlq, ConsumerRecord<byte[], byte[]> source,
                                                    Throwable error, String failedBy, Instant now) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : source.headers()) {
            headers.add(header);
        }
        put(headers, SOURCE_TOPIC, source.topic());
        put(headers, SOURCE_PARTITION, Integer.toString(source.partition()));
        put(headers, SOURCE_OFFSET, Long.toString(source.offset()));
        put(headers, ERROR_CLASS, error.getClass().getName());
        put(headers, ERROR_MESSAGE, truncate(String.valueOf(error.getMessage())));
        put(headers, FAILED_BY, failedBy);
        put(headers, FAILED_AT, now.toString());
        return new ProducerRecord<>(dlq.name(), null, source.key(), source.value(), headers);
    }

    public static String header(org.apache.kafka.common.header.Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void put(RecordHeaders headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String truncate(String message) {
        return message.length() <= MAX_MESSAGE_CHARS ? message : message.substring(0, MAX_MESSAGE_CHARS) + "…";
    }
}
