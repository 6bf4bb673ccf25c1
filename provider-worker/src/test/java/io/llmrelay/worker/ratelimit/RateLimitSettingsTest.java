package io.llmrelay.worker.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import io.llmrelay.worker.provider.Target;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class RateLimitSettingsTest {

    // not a @Configuration: the worker's component scan in the integration tests must not pick it up
    @EnableConfigurationProperties(RateLimitSettings.class)
    static class Bound {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Bound.class);

    @Test
    void bindsTheDocumentedDefaults() {
        runner.run(context -> {
            RateLimitSettings settings = context.getBean(RateLimitSettings.class);
            assertThat(settings.limits()).isEmpty();
            assertThat(settings.defaultMaxTokens()).isEqualTo(1024);
            assertThat(settings.backend()).isEqualTo(RateLimitSettings.Backend.AUTO);
            assertThat(settings.shared()).isFalse();
            assertThat(settings.datasource().poolSize()).isEqualTo(8);
            assertThat(settings.datasource().table()).isEqualTo("relay_rate_limit_bucket");
        });
    }

    @Test
    void bindsLimitsAndTheDatabaseFromTheEnvironmentAsTheReadmeNamesThem() {
        SystemEnvironmentPropertySource environment = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.ofEntries(
                Map.entry("RELAY_RATELIMITS_LIMITS_0_PROVIDER", "openai"),
                Map.entry("RELAY_RATELIMITS_LIMITS_0_RPM", "500"),
                Map.entry("RELAY_RATELIMITS_LIMITS_0_TPM", "200000"),
                Map.entry("RELAY_RATELIMITS_LIMITS_1_PROVIDER", "openai"),
                Map.entry("RELAY_RATELIMITS_LIMITS_1_MODEL", "gpt-4o"),
                Map.entry("RELAY_RATELIMITS_LIMITS_1_TPM", "30000"),
                Map.entry("RELAY_RATELIMITS_LIMITS_1_PERIOD", "10s"),
                Map.entry("RELAY_RATELIMITS_DATASOURCE_URL", "jdbc:postgresql://db:5432/relay"),
                Map.entry("RELAY_RATELIMITS_DATASOURCE_USERNAME", "relay"),
                Map.entry("RELAY_RATELIMITS_DATASOURCE_PASSWORD", "pg-secret-value"),
                Map.entry("RELAY_RATE_LIMITS_DEFAULT_MAX_TOKENS", "2048"),
                Map.entry("RELAY_RATE_LIMITS_DATASOURCE_POOL_SIZE", "3")));
        runner.withInitializer(context -> context.getEnvironment().getPropertySources().addLast(environment))
                .run(context -> {
                    RateLimitSettings settings = context.getBean(RateLimitSettings.class);
                    assertThat(settings.limitOf(new Target("openai", "gpt-4o-mini"))).hasValue(
                            new RateLimitSettings.Limit("openai", "*", 500L, 200_000L, Duration.ofMinutes(1)));
                    assertThat(settings.limitOf(new Target("openai", "gpt-4o"))).hasValue(
                            new RateLimitSettings.Limit("openai", "gpt-4o", null, 30_000L, Duration.ofSeconds(10)));
                    assertThat(settings.limitOf(new Target("anthropic", "claude"))).isEmpty();
                    assertThat(settings.shared()).isTrue();
                    assertThat(settings.defaultMaxTokens()).isEqualTo(2048);
                    assertThat(settings.datasource().poolSize()).isEqualTo(3);
                    assertThat(settings.datasource().password().reveal()).isEqualTo("pg-secret-value");
                    assertThat(settings.toString()).doesNotContain("pg-secret-value");
                });
    }

    @Test
    void aLimitWithNeitherRpmNorTpmFailsStartUpNamingIt() {
        runner.withPropertyValues("relay.rate-limits.limits[0].provider=openai")
                .run(context -> assertThat(context.getStartupFailure())
                        .hasStackTraceContaining("relay.rate-limits.limits[0]")
                        .hasStackTraceContaining("set rpm, tpm or both"));
    }

    @Test
    void twoLimitsForOneTargetFailStartUp() {
        runner.withPropertyValues("relay.rate-limits.limits[0].provider=openai", "relay.rate-limits.limits[0].rpm=5",
                        "relay.rate-limits.limits[1].provider=openai", "relay.rate-limits.limits[1].rpm=6")
                .run(context -> assertThat(context.getStartupFailure())
                        .hasStackTraceContaining("more than one limit for provider 'openai' and model '*'"));
    }

    @Test
    void badValuesFailStartUpNamingTheProperty() {
        runner.withPropertyValues("relay.rate-limits.backend=postgresql")
                .run(context -> assertThat(context.getStartupFailure())
                        .hasStackTraceContaining("needs relay.rate-limits.datasource.url"));
        runner.withPropertyValues("relay.rate-limits.datasource.table=bucket; drop table x")
                .run(context -> assertThat(context.getStartupFailure())
                        .hasStackTraceContaining("relay.rate-limits.datasource.table"));
        runner.withPropertyValues("relay.rate-limits.limits[0].provider=openai", "relay.rate-limits.limits[0].rpm=0")
                .run(context -> assertThat(context.getStartupFailure())
                        .hasStackTraceContaining("relay.rate-limits.limits[0].rpm"));
    }
}
