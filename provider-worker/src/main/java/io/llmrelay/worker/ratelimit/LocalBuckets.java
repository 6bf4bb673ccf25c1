package io.llmrelay.worker.ratelimit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;

/** Buckets in this worker's memory: each replica gets the whole allowance, so N replicas may take N times it. */
final class LocalBuckets implements BucketStore {

    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    @Override
    public Bucket bucket(String key, BucketConfiguration configuration) {
        return buckets.computeIfAbsent(key, k -> {
            var builder = Bucket.builder();
            for (var bandwidth : configuration.getBandwidths()) {
                builder.addLimit(bandwidth);
            }
            return builder.build();
        });
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public void close() {
        buckets.clear();
    }
}
