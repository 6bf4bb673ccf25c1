package io.llmrelay.bench;

import java.util.Arrays;

/** Outcome of one scenario: throughput and latency percentiles in milliseconds. */
record Stats(int requests, int errors, double seconds, double p50Ms, double p99Ms) {

    static Stats of(long[] latenciesNanos, int errors, long elapsedNanos) {
        long[] sorted = latenciesNanos.clone();
        Arrays.sort(sorted);
        return new Stats(sorted.length, errors, elapsedNanos / 1e9, percentile(sorted, 0.50), percentile(sorted, 0.99));
    }

    double perSecond() {
        return requests / seconds;
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
