package io.llmrelay.worker.credentials;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key-encryption keys (KEKs) the worker may unwrap data keys with, by id. Several are accepted at once so a
 * KEK can be rotated: add the new one, re-encrypt the entries, then remove the old one. Read from lines
 * {@code kek-id=base64(32 bytes)} (a mounted file, or {@code RELAY_CREDENTIALS_KEKS} with lines, commas or spaces
 * between entries). {@link #toString()} shows the ids only.
 */
final class KeyEncryptionKeys {

    static final int KEY_BYTES = 32;
    /** Short, so that no provider key (20 characters and more) can pass for one and be echoed in a message. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,16}");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s,]+");

    private final Map<String, SecretKey> keys;

    private KeyEncryptionKeys(Map<String, SecretKey> keys) {
        this.keys = Collections.unmodifiableSortedMap(new TreeMap<>(keys));
    }

    static KeyEncryptionKeys none() {
        return new KeyEncryptionKeys(Map.of());
    }

    /**
     * @param origin names where the text came from in error messages (a file, a variable); never a key
     * @throws IllegalArgumentException naming the origin and the KEK id or position, never a key's value
     */
    static KeyEncryptionKeys parse(String text, String origin) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        int position = 0;
        String withoutComments = String.join("\n", text.lines().filter(line -> !line.strip().startsWith("#")).toList());
        for (String item : SEPARATORS.split(withoutComments.strip())) {
            position++;
            if (item.isEmpty()) {
                continue;
            }
            int equals = item.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException(origin + ": KEK " + position + " is not of the form kek-id=base64");
            }
            String id = item.substring(0, equals);
            if (!ID.matcher(id).matches()) {
                throw new IllegalArgumentException(origin + ": KEK " + position
                        + " has an id that is not 1-16 letters, digits, '.', '_' or '-'");
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(item.substring(equals + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(origin + ": KEK '" + id + "' is not valid base64");
            }
            if (key.length != KEY_BYTES) {
                throw new IllegalArgumentException(origin + ": KEK '" + id + "' is " + key.length
                        + " bytes long; a KEK is " + KEY_BYTES + " random bytes (AES-256)");
            }
            if (keys.put(id, new SecretKeySpec(key, "AES")) != null) {
                throw new IllegalArgumentException(origin + ": KEK id '" + id + "' appears twice");
            }
        }
        return new KeyEncryptionKeys(keys);
    }

    /** Both sets; the same id in both must be the same key, as rotation adds ids and never reuses one. */
    KeyEncryptionKeys and(KeyEncryptionKeys other) {
        Map<String, SecretKey> all = new LinkedHashMap<>(keys);
        other.keys.forEach((id, key) -> {
            SecretKey before = all.putIfAbsent(id, key);
            if (before != null && !before.equals(key)) {
                throw new IllegalArgumentException("KEK id '" + id + "' is given twice with different keys");
            }
        });
        return new KeyEncryptionKeys(all);
    }

    Optional<SecretKey> get(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    Set<String> ids() {
        return keys.keySet();
    }

    boolean isEmpty() {
        return keys.isEmpty();
    }

    /** A new KEK line, {@code id=base64(32 random bytes)}, for an operator to store. */
    static String generate(String id) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a KEK id is 1-16 letters, digits, '.', '_' or '-'");
        }
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return id + "=" + Base64.getEncoder().encodeToString(key);
    }

    @Override
    public String toString() {
        return "KeyEncryptionKeys" + keys.keySet();
    }
}
