package io.llmrelay.aggregator.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class StatusAccessTest {

    @Test
    void takesTheKeyFromABearerOrTheBasicPassword() {
        assertThat(StatusAccess.presented("Bearer  k-1 ")).isEqualTo("k-1");
        assertThat(StatusAccess.presented("bearer k-1")).isEqualTo("k-1");
        assertThat(StatusAccess.presented("Basic " + basic("ops:k:with:colons"))).isEqualTo("k:with:colons");
        assertThat(StatusAccess.presented("Basic " + basic(":k-2"))).isEqualTo("k-2");
    }

    @Test
    void anythingElseIsNoKey() {
        assertThat(StatusAccess.presented(null)).isEmpty();
        assertThat(StatusAccess.presented("Digest abc")).isEmpty();
        assertThat(StatusAccess.presented("Basic not*base64")).isEmpty();
        assertThat(StatusAccess.presented("Basic " + basic("no-colon"))).isEmpty();
    }

    @Test
    void neverPrintsTheKey() {
        assertThat(new StatusAccess("k-secret-1")).hasToString("StatusAccess[<redacted>]");
    }

    private static String basic(String pair) {
        return Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
