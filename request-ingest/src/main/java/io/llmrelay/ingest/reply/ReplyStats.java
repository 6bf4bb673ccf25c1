package io.llmrelay.ingest.reply;

import java.util.Set;

import org.apache.kafka.common.TopicPartition;

/** What the reply listener is reading and what it could not use; for health checks, metrics and tests. */
public interface ReplyStats {

    /** Whether the reply consumer is polling; a replica that is not cannot answer any request. */
    boolean listening();

    /** The partitions the reply consumer is assigned: exactly the configured reply partition once started. */
    Set<TopicPartition> assignment();

    /** Results for request ids nobody here waits for: timed out, or written for another replica. */
    long unknownResults();

    /** Records on the reply partition that are not a {@code CompletionResult}. */
    long undecodableResults();

    /** Requests waiting for their result right now. */
    int pendingRequests();
}
