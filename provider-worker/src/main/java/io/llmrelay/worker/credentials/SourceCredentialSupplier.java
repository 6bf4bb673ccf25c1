package io.llmrelay.worker.credentials;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.llmrelay.worker.provider.ProviderKind;
import io.llmrelay.worker.provider.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API keys of one provider from a {@link CredentialSource}: entries {@code <provider>-api-key},
 * {@code <provider>-api-key-2}, ... are all active, and the lowest-numbered healthy one is used. The entries are
 * decoded (decrypted, validated) when the source changes, never per call, so {@link #current()} reads one volatile
 * field. A key the provider rejects is marked bad, by fingerprint, after one re-read of the source did not replace
 * it; it stays bad until its entry changes.
 */
final class SourceCredentialSupplier implements CredentialSupplier {

    private static final Logger log = LoggerFactory.getLogger(SourceCredentialSupplier.class);

    private final String provider;
    private final ProviderKind kind;
    private final CredentialSource source;
    private final EntryDecoder decoder;
    private final CredentialEvents events;
    private final Pattern entries;
    /** Held while the entries are decoded and while a rejection is handled: one re-read at a time. */
    private final ReentrantLock lock = new ReentrantLock();
    private Map<String, EntryDecoder.Decoded> decoded = Map.of();
    private final Set<String> bad = new HashSet<>();
    private volatile Snapshot snapshot;

    /** The healthy credentials in the order they are used, or why there is none. */
    private record Snapshot(List<Credential> healthy, String unavailable) {

        Optional<Credential> first() {
            return healthy.isEmpty() ? Optional.empty() : Optional.of(healthy.getFirst());
        }
    }

    private SourceCredentialSupplier(String provider, ProviderKind kind, CredentialSource source, EntryDecoder decoder,
                                     CredentialEvents events) {
        this.provider = provider;
        this.kind = kind;
        this.source = source;
        this.decoder = decoder;
        this.events = events;
        this.entries = Pattern.compile(Pattern.quote(provider) + "-api-key(?:-([0-9]{1,4}))?");
    }

    /** Reads the provider's entries now and follows the source's changes from then on. */
    static SourceCredentialSupplier start(String provider, ProviderKind kind, CredentialSource source,
                                          EntryDecoder decoder, CredentialEvents events) {
        SourceCredentialSupplier supplier = new SourceCredentialSupplier(provider, kind, source, decoder, events);
        source.onChange(supplier::sourceChanged);
        supplier.sourceChanged();
        return supplier;
    }

    @Override
    public Credential current() throws CredentialUnavailableException {
        Snapshot now = snapshot;
        if (now.healthy.isEmpty()) {
            throw new CredentialUnavailableException(now.unavailable);
        }
        return now.healthy.getFirst();
    }

    @Override
    public Optional<Credential> rejected(Credential used) {
        lock.lock();
        try {
            Optional<Credential> first = snapshot.first();
            if (first.isEmpty() || !first.get().fingerprint().equals(used.fingerprint())) {
                // another call already re-read the source or marked this key bad, or the source changed meanwhile
                events.rejected(provider, used, first.map(Credential::name).orElse("none"));
                return first;
            }
            reload(readFresh());
            first = snapshot.first();
            if (first.isPresent() && !first.get().fingerprint().equals(used.fingerprint())) {
                log.warn("provider '{}' answered 401/403 for {} (fingerprint {}); the credentials re-read give {}"
                        + " (fingerprint {}), retrying with it", provider, used.name(), used.fingerprint(),
                        first.get().name(), first.get().fingerprint());
                events.rejected(provider, used, first.get().name());
                return first;
            }
            bad.add(used.fingerprint());
            publish();
            Optional<Credential> next = snapshot.first();
            log.error("provider '{}' answered 401/403 for {} (fingerprint {}); credentials re-read once, the key is"
                    + " unchanged: marked bad until its entry changes; {}", provider, used.name(), used.fingerprint(),
                    next.map(c -> "retrying with " + c.name() + " (fingerprint " + c.fingerprint() + ")")
                            .orElse("no usable key is left, the provider is unavailable"));
            events.rejected(provider, used, next.map(Credential::name).orElse("none"));
            events.markedBad(provider, used, snapshot.healthy.size());
            return next;
        } finally {
            lock.unlock();
        }
    }

    private void sourceChanged() {
        lock.lock();
        try {
            reload(source.read());
        } catch (IOException e) {
            log.warn("cannot read credential source {} ({}); provider '{}' keeps the keys it had", source.name(),
                    e.toString(), provider);
        } finally {
            lock.unlock();
        }
    }

    private Map<String, Secret> readFresh() {
        try {
            return source.readFresh();
        } catch (IOException e) {
            log.warn("cannot re-read credential source {} ({}); using the entries read before", source.name(),
                    e.toString());
            try {
                return source.read();
            } catch (IOException again) {
                return Map.of();
            }
        }
    }

    /** Decodes the entries that are new or changed; must hold {@link #lock}. */
    private void reload(Map<String, Secret> all) {
        Map<String, EntryDecoder.Decoded> next = new LinkedHashMap<>();
        for (Map.Entry<String, Secret> entry : mine(all)) {
            EntryDecoder.Decoded before = decoded.get(entry.getKey());
            if (before != null && before.rawFingerprint().equals(entry.getValue().fingerprint())) {
                next.put(entry.getKey(), before);
                continue;
            }
            EntryDecoder.Decoded now = decoder.decode(entry.getKey(), entry.getValue(), Optional.of(kind));
            next.put(entry.getKey(), now);
            report(entry.getKey(), before, now);
        }
        decoded.forEach((entry, before) -> {
            if (!next.containsKey(entry)) {
                log.warn("provider '{}': entry {} is gone from {}", provider, entry, source.name());
                events.removed(provider, qualified(entry), fingerprint(before));
            }
        });
        decoded = next;
        Set<String> present = new HashSet<>();
        next.values().forEach(d -> present.add(fingerprint(d)));
        bad.retainAll(present);
        publish();
    }

    private List<Map.Entry<String, Secret>> mine(Map<String, Secret> all) {
        List<Map.Entry<String, Secret>> mine = new ArrayList<>();
        for (Map.Entry<String, Secret> entry : all.entrySet()) {
            if (entries.matcher(entry.getKey()).matches()) {
                mine.add(entry);
            }
        }
        mine.sort(Comparator.<Map.Entry<String, Secret>>comparingInt(e -> number(e.getKey()))
                .thenComparing(Map.Entry::getKey));
        return mine;
    }

    /** {@code P-api-key} is number 1, {@code P-api-key-n} number n. */
    private int number(String entry) {
        Matcher matcher = entries.matcher(entry);
        return matcher.matches() && matcher.group(1) != null ? Integer.parseInt(matcher.group(1)) : 1;
    }

    private void report(String entry, EntryDecoder.Decoded before, EntryDecoder.Decoded now) {
        switch (now) {
            case EntryDecoder.Usable usable -> {
                String previous = before == null ? null : fingerprint(before);
                log.info("provider '{}': {} {} from {} (fingerprint {})", provider, previous == null ? "loaded"
                        : "rotated", entry, source.name(), usable.value().fingerprint());
                events.loaded(provider, qualified(entry), usable.value().fingerprint(), previous);
            }
            case EntryDecoder.Refused refused -> {
                log.error("provider '{}': entry {} of {} {}; it is not used", provider, entry, source.name(),
                        refused.reason());
                events.refused(provider, qualified(entry), refused);
            }
        }
    }

    private void publish() {
        List<Credential> healthy = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        decoded.forEach((entry, d) -> {
            switch (d) {
                case EntryDecoder.Usable usable when bad.contains(usable.value().fingerprint()) ->
                        problems.add(entry + " was rejected by the provider (fingerprint "
                                + usable.value().fingerprint() + ") and is marked bad until it changes");
                case EntryDecoder.Usable usable ->
                        healthy.add(new Credential(qualified(entry), usable.value(), Credential.Type.API_KEY));
                case EntryDecoder.Refused refused -> problems.add(entry + " " + refused.reason());
            }
        });
        String unavailable = "provider '" + provider + "' has no usable credential in " + source.name() + ": "
                + (problems.isEmpty() ? "no entry " + provider + "-api-key" : String.join("; ", problems));
        snapshot = new Snapshot(List.copyOf(healthy), unavailable);
    }

    private String qualified(String entry) {
        return source.name() + "/" + entry;
    }

    private static String fingerprint(EntryDecoder.Decoded decoded) {
        return switch (decoded) {
            case EntryDecoder.Usable usable -> usable.value().fingerprint();
            case EntryDecoder.Refused refused -> refused.fingerprint();
        };
    }
}
