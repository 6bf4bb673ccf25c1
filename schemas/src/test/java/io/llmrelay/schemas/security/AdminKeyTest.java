package io.llmrelay.schemas.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AdminKeyTest {

    @Test
    void matchesOnlyTheKeyItWasMadeFromAndNeverShowsIt() {
        AdminKey key = new AdminKey("s3cret-admin-key");

        assertThat(key.matches("s3cret-admin-key")).isTrue();
        assertThat(key.matches("s3cret-admin-ke")).isFalse();
        assertThat(key.matches("")).isFalse();
        assertThat(key.matches(null)).isFalse();
        assertThat(key.toString()).doesNotContain("s3cret");
        assertThatThrownBy(() -> new AdminKey(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsTheBearerKeyOfAnAuthorizationHeaderInAnyCase() {
        assertThat(AdminKey.presentedBearer("Bearer abc ")).isEqualTo("abc");
        assertThat(AdminKey.presentedBearer("bEaReR abc")).isEqualTo("abc");
        assertThat(AdminKey.presentedBearer("Basic YTpi")).isEmpty();
        assertThat(AdminKey.presentedBearer(null)).isEmpty();
    }
}
