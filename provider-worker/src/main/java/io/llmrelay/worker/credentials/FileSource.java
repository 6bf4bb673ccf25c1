package io.llmrelay.worker.credentials;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.llmrelay.worker.provider.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entries from a file, for local runs and for a Secret mounted as a volume. {@code path} is either a directory
 * with one file per entry (the file name is the entry, its content the value: what Kubernetes mounts), or a
 * properties file ({@code openai-api-key=sk-...}). Read again every {@code pollInterval}; listeners hear of it only
 * when an entry's value changed. Comparing the contents rather than modification times catches a change made
 * within the file system's time resolution, and Kubernetes' swap of the {@code ..data} symlink.
 */
final class FileSource implements CredentialSource {

    private static final Logger log = LoggerFactory.getLogger(FileSource.class);

    private final Path path;
    private final SourceListeners listeners = new SourceListeners();
    private final ScheduledExecutorService poller;
    private volatile Map<String, Secret> entries;

    /** @throws IOException when {@code path} cannot be read now: a start-up error */
    FileSource(Path path, Duration pollInterval) throws IOException {
        this.path = path;
        this.entries = load(path);
        this.poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("credentials-file-poll").factory());
        poller.scheduleWithFixedDelay(this::poll, pollInterval.toMillis(), pollInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public String name() {
        return path.toString();
    }

    @Override
    public Map<String, Secret> read() {
        return entries;
    }

    @Override
    public Map<String, Secret> readFresh() throws IOException {
        update(load(path));
        return entries;
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        poller.shutdownNow();
        listeners.close();
    }

    private void poll() {
        try {
            update(load(path));
        } catch (IOException | RuntimeException e) {
            log.warn("cannot read credential file {} ({}); keeping the entries read before", path, e.toString());
        }
    }

    private void update(Map<String, Secret> now) {
        synchronized (this) {
            if (sameValues(entries, now)) {
                return;
            }
            entries = now;
        }
        listeners.changed(name());
    }

    private static boolean sameValues(Map<String, Secret> a, Map<String, Secret> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        return a.entrySet().stream().allMatch(e -> e.getValue().reveal().equals(b.get(e.getKey()).reveal()));
    }

    static Map<String, Secret> load(Path path) throws IOException {
        Map<String, Secret> entries = new TreeMap<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> files = Files.list(path)) {
                for (Path file : files.filter(FileSource::isEntryFile).toList()) {
                    put(entries, file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
                }
            }
        } else {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            properties.stringPropertyNames().forEach(name -> put(entries, name, properties.getProperty(name)));
        }
        return Map.copyOf(entries);
    }

    /** Kubernetes' volume has hidden {@code ..data} and {@code ..<timestamp>} entries beside the keys' symlinks. */
    private static boolean isEntryFile(Path file) {
        return !file.getFileName().toString().startsWith(".") && Files.isRegularFile(file);
    }

    private static void put(Map<String, Secret> entries, String name, String value) {
        if (!value.isBlank()) {
            entries.put(name, Secret.of(value));
        }
    }
}
