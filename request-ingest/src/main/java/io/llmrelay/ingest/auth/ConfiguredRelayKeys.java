package io.llmrelay.ingest.auth;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.llmrelay.ingest.IngestProperties;

/**
 * Relay keys from {@code relay.ingest.keys} and {@code relay.ingest.bootstrap-key}, held as SHA-256 hashes.
 *
 * <p>A lookup compares the presented key's hash with every configured hash, without stopping at a match, so the
 * time taken does not depend on which key matched or how many leading bytes did. A linear scan is fine for the
 * handful of keys configuration holds; the PostgreSQL version will look keys up by hash instead.
 */
final class ConfiguredRelayKeys implements RelayKeys {

    private final List<HashedKey> keys;

    private ConfiguredRelayKeys(List<HashedKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /**
     * @throws IllegalArgumentException when two entries share a key id or a key (naming the key ids, never a key)
     */
    static ConfiguredRelayKeys from(IngestProperties properties) {
        List<HashedKey> hashed = new ArrayList<>();
        for (IngestProperties.KeyEntry entry : properties.keys()) {
            hashed.add(new HashedKey(KeyHash.sha256(entry.key()), new Caller(entry.keyId(), entry.userId(),
                    blankToNull(entry.teamId()))));
        }
        IngestProperties.BootstrapKey bootstrap = properties.bootstrapKey();
        if (bootstrap.present()) {
            hashed.add(new HashedKey(KeyHash.sha256(bootstrap.key()), new Caller(bootstrap.keyId(),
                    bootstrap.userId(), blankToNull(bootstrap.teamId()))));
        }
        requireDistinct(hashed);
        return new ConfiguredRelayKeys(hashed);
    }

    @Override
    public Optional<Caller> find(String presentedKey) {
        byte[] presented = KeyHash.sha256(presentedKey);
        Caller match = null;
        for (HashedKey key : keys) {
            if (MessageDigest.isEqual(key.hash(), presented) && match == null) {
                match = key.caller();
            }
        }
        return Optional.ofNullable(match);
    }

    int size() {
        return keys.size();
    }

    private static void requireDistinct(List<HashedKey> keys) {
        Set<String> keyIds = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            HashedKey key = keys.get(i);
            if (!keyIds.add(key.caller().keyId())) {
                throw new IllegalArgumentException("relay.ingest.keys: key id '" + key.caller().keyId()
                        + "' is configured more than once");
            }
            for (int j = 0; j < i; j++) {
                if (MessageDigest.isEqual(keys.get(j).hash(), key.hash())) {
                    throw new IllegalArgumentException("relay.ingest.keys: key ids '" + keys.get(j).caller().keyId()
                            + "' and '" + key.caller().keyId() + "' have the same key; give each its own");
                }
            }
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private record HashedKey(byte[] hash, Caller caller) {

        @Override
        public String toString() {
            return "HashedKey[" + caller + "]";
        }
    }
}
