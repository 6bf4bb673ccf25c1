package io.llmrelay.mock;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The distinct {@code Authorization} header values seen, most recently seen last, bounded so that a
 * long benchmark run cannot grow it without limit. Kept for credential tests (was the rotated key
 * used?); the values are credentials, so they are never logged.
 */
final class AuthorizationLog {

    static final int CAPACITY = 100;

    // access-ordered, so a value seen again moves to the end and the least recently seen is dropped
    private final Map<String, Boolean> seen = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CAPACITY;
        }
    };

    synchronized void record(String header) {
        if (header != null) {
            seen.put(header, Boolean.TRUE);
        }
    }

    synchronized List<String> values() {
        return List.copyOf(seen.keySet());
    }
}
