package io.llmrelay.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closed-loop load: {@code concurrency} virtual threads each send one request at a time until
 * {@code total} have been sent. Latency is measured per call; a failed call counts as an error.
 */
final class LoadGenerator {

    @FunctionalInterface
    interface Call {
        /** @return true when the call succeeded */
        boolean run(int index) throws Exception;
    }

    private LoadGenerator() {
    }

    static Stats run(int concurrency, int total, Call call) throws InterruptedException {
        long[] latencies = new long[total];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(concurrency);
        long start = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            Thread.ofVirtual().start(() -> {
                try {
                    for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                        long begin = System.nanoTime();
                        boolean ok;
                        try {
                            ok = call.run(i);
                        } catch (Exception e) {
                            ok = false;
                        }
                        latencies[i] = System.nanoTime() - begin;
                        if (!ok) {
                            errors.incrementAndGet();
                        }
                    }
                } finally {
                    finished.countDown();
                }
            });
        }
        finished.await();
        return Stats.of(latencies, errors.get(), System.nanoTime() - start);
    }
}
