package io.llmrelay.mock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuthorizationLogTest {

    @Test
    void keepsTheLastHundredDistinctValuesMostRecentLast() {
        AuthorizationLog log = new AuthorizationLog();
        for (int i = 0; i < 105; i++) {
            log.record("Bearer sk-" + i);
        }
        log.record("Bearer sk-10"); // seen again: now the most recent
        log.record(null);

        assertThat(log.values()).hasSize(AuthorizationLog.CAPACITY)
                .startsWith("Bearer sk-5", "Bearer sk-6")
                .endsWith("Bearer sk-104", "Bearer sk-10")
                .doesNotContain("Bearer sk-4")
                .doesNotHaveDuplicates();
    }
}
