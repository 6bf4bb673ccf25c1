package io.llmrelay.aggregator.budget;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** Without an admin key the budget API does not exist: no controller, so {@code /admin/budgets} is a 404. */
class AdminApiEnabledTest {

    @Configuration(proxyBeanMethods = false)
    @Conditional(AdminApiEnabled.class)
    static class OnlyWithAdminKey {

        @Bean
        String adminApi() {
            return "present";
        }
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(OnlyWithAdminKey.class);

    @Test
    void theApiExistsOnlyWithANonBlankAdminKey() {
        context.run(started -> assertThat(started).doesNotHaveBean("adminApi"));
        context.withPropertyValues("relay.aggregator.admin-key=  ")
                .run(started -> assertThat(started).doesNotHaveBean("adminApi"));
        context.withPropertyValues("relay.aggregator.admin-key=s3cret")
                .run(started -> assertThat(started).hasBean("adminApi"));
    }

    @Test
    void theAdminKeyNeverAppearsInToString() {
        assertThat(new AdminKeyProperties("s3cret-admin").toString()).doesNotContain("s3cret");
        assertThat(new AdminCredential("s3cret-admin").toString()).doesNotContain("s3cret");
    }
}
