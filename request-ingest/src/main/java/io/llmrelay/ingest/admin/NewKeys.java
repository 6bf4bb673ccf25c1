package io.llmrelay.ingest.admin;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Fresh key material: a key is {@code rk-} + 32 random bytes in base64url (256 bits, so an unsalted SHA-256 of it
 * cannot be reversed by guessing); a public id is {@code rk_} + 20 base32 characters (100 bits, so ids never collide
 * in practice and cannot be enumerated). Ids and keys use different separators so one is never mistaken for the other.
 */
final class NewKeys {

    private static final int KEY_BYTES = 32;
    private static final int ID_CHARS = 20;
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private final SecureRandom random = new SecureRandom();

    String key() {
        byte[] bytes = new byte[KEY_BYTES];
        random.nextBytes(bytes);
        return "rk-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    String publicId() {
        StringBuilder id = new StringBuilder("rk_");
        for (int i = 0; i < ID_CHARS; i++) {
            id.append(BASE32[random.nextInt(BASE32.length)]);
        }
        return id.toString();
    }
}
