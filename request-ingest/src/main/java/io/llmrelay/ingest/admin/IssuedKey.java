package io.llmrelay.ingest.admin;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * The answer to a create or rotate: the key's view plus the plain key, shown this once and never stored.
 * {@link #toString()} leaves the key out, so logging this object cannot leak it.
 */
record IssuedKey(@JsonUnwrapped KeyView view, String key) {

    @Override
    public String toString() {
        return "IssuedKey[" + view + ", key=<redacted>]";
    }
}
