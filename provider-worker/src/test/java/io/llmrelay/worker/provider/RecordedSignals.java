package io.llmrelay.worker.provider;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every rate-limit signal an adapter reported, for assertions. */
public final class RecordedSignals implements RateLimitSignals {

    public record Signal(Target target, RateLimitHints hints) {
    }

    private final List<Signal> signals = new CopyOnWriteArrayList<>();

    @Override
    public void observed(Target target, RateLimitHints hints) {
        signals.add(new Signal(target, hints));
    }

    public List<Signal> all() {
        return List.copyOf(signals);
    }

    public Signal last() {
        if (signals.isEmpty()) {
            throw new AssertionError("no rate-limit signal was reported");
        }
        return signals.getLast();
    }
}
