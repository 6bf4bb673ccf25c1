package io.llmrelay.worker.retry;

import java.util.concurrent.ThreadLocalRandom;

/** Picks a delay in {@code [0, ceilingMillis]}; random in production, fixed in tests. */
@FunctionalInterface
public interface Jitter {

    long pick(long ceilingMillis);

    static Jitter random() {
        return ceiling -> ThreadLocalRandom.current().nextLong(ceiling + 1);
    }
}
