package io.llmrelay.ingest.api;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The models (or route aliases) callers may ask for, from {@code relay.ingest.models}. */
final class KnownModels {

    private final Set<String> names;

    KnownModels(List<String> names) {
        this.names = new LinkedHashSet<>(names);
    }

    void requireKnown(String model) {
        if (!names.contains(model)) {
            throw ApiException.modelNotFound(model);
        }
    }

    boolean contains(String model) {
        return names.contains(model);
    }

    List<String> names() {
        return List.copyOf(names);
    }
}
