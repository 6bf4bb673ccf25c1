package io.llmrelay.worker.credentials;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.llmrelay.worker.provider.Secret;

/**
 * A source held in memory. {@link #put} notifies listeners at once; {@link #putQuietly} changes the entries as
 * the origin would before the watch delivers it, so only a {@link #readFresh()} sees the change.
 */
final class MemorySource implements CredentialSource {

    private final Map<String, Secret> origin = new ConcurrentHashMap<>();
    private volatile Map<String, Secret> cached = Map.of();
    private final SourceListeners listeners = new SourceListeners(Runnable::run);
    final AtomicInteger freshReads = new AtomicInteger();

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Map<String, Secret> read() {
        return cached;
    }

    @Override
    public Map<String, Secret> readFresh() {
        freshReads.incrementAndGet();
        cached = Map.copyOf(origin);
        return cached;
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
    }

    MemorySource put(String entry, String value) {
        putQuietly(entry, value);
        cached = Map.copyOf(origin);
        listeners.changed(name());
        return this;
    }

    void putQuietly(String entry, String value) {
        origin.put(entry, Secret.of(value));
    }

    void remove(String entry) {
        origin.remove(entry);
        cached = Map.copyOf(origin);
        listeners.changed(name());
    }
}
