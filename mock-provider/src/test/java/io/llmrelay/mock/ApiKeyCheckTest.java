package io.llmrelay.mock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiKeyCheckTest {

    private static final MockBehaviour ANY_KEY = MockBehaviour.healthy();
    private static final MockBehaviour ONE_KEY = MockBehaviour.healthy().withRequiredApiKey("sk-right");

    @Test
    void acceptsAnyBearerKeyWhenNoneIsRequired() {
        assertThat(ApiKeyCheck.check("Bearer sk-anything", ANY_KEY)).isEmpty();
        assertThat(ApiKeyCheck.check("bearer sk-anything", ANY_KEY)).as("scheme is case-insensitive").isEmpty();
    }

    @Test
    void rejectsAMissingOrMalformedHeader() {
        assertThat(ApiKeyCheck.check(null, ANY_KEY)).hasValueSatisfying(e -> assertThat(e.status()).isEqualTo(401));
        assertThat(ApiKeyCheck.check("sk-no-scheme", ANY_KEY)).isPresent();
        assertThat(ApiKeyCheck.check("Bearer ", ANY_KEY)).isPresent();
        assertThat(ApiKeyCheck.check("Bearer two words", ANY_KEY)).isPresent();
    }

    @Test
    void acceptsOnlyTheRequiredKey() {
        assertThat(ApiKeyCheck.check("Bearer sk-right", ONE_KEY)).isEmpty();
        assertThat(ApiKeyCheck.check("Bearer sk-wrong", ONE_KEY))
                .hasValueSatisfying(e -> assertThat(e.code()).isEqualTo("invalid_api_key"));
        assertThat(ApiKeyCheck.check("Bearer sk-righ", ONE_KEY)).as("a prefix is not the key").isPresent();
    }
}
