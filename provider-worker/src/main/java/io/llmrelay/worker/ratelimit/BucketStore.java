package io.llmrelay.worker.ratelimit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;

/** Where buckets live: in PostgreSQL, shared by every worker, or in this worker's memory. */
interface BucketStore extends AutoCloseable {

    /**
     * The bucket under {@code key}, created with {@code configuration} if it does not exist yet. Each operation on a
     * shared bucket is one short transaction in the database.
     */
    Bucket bucket(String key, BucketConfiguration configuration);

    /** Whether every worker configured with the same store sees the same buckets. */
    boolean shared();

    @Override
    void close();
}
