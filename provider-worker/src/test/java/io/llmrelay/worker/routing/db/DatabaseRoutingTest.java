package io.llmrelay.worker.routing.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.llmrelay.worker.provider.ProviderKind;
import io.llmrelay.worker.provider.ProviderSettings;
import io.llmrelay.worker.provider.ProvidersSettings;
import io.llmrelay.worker.provider.Target;
import io.llmrelay.worker.ratelimit.RateLimitSettings;
import io.llmrelay.worker.routing.Routes;
import io.llmrelay.worker.routing.RoutingSettings;
import io.llmrelay.worker.routing.Strategy;
import org.junit.jupiter.api.Test;

class DatabaseRoutingTest {

    private static final ApiConfigurationRow OPENAI = row("openai", null, "https://api.openai.com/v1");
    private static final ApiConfigurationRow CLAUDE = row("claude", "anthropic", "https://api.anthropic.com");

    @Test
    void theKindIsInferredFromTheEndpointsHost() {
        assertThat(DatabaseRouting.inferKind(URI.create("https://api.openai.com"))).isEqualTo(ProviderKind.OPENAI);
        assertThat(DatabaseRouting.inferKind(URI.create("https://API.Anthropic.com")))
                .isEqualTo(ProviderKind.ANTHROPIC);
        assertThat(DatabaseRouting.inferKind(URI.create("https://my-resource.openai.azure.com")))
                .isEqualTo(ProviderKind.AZURE_OPENAI);
        assertThat(DatabaseRouting.inferKind(URI.create("http://vllm.internal:8000")))
                .isEqualTo(ProviderKind.OPENAI_COMPATIBLE);
        assertThat(DatabaseRouting.inferKind(URI.create("https://api.openai.com.evil.example")))
                .isEqualTo(ProviderKind.OPENAI_COMPATIBLE);
    }

    @Test
    void anEndpointLosesTheApiPathTheAdapterAppendsAndATrailingSlash() {
        assertThat(DatabaseRouting.baseUrl("https://api.openai.com/v1/chat/completions"))
                .isEqualTo(URI.create("https://api.openai.com"));
        assertThat(DatabaseRouting.baseUrl("https://api.anthropic.com/v1/messages/"))
                .isEqualTo(URI.create("https://api.anthropic.com"));
        assertThat(DatabaseRouting.baseUrl("https://gateway.example.com/llm/v1"))
                .isEqualTo(URI.create("https://gateway.example.com/llm"));
        assertThat(DatabaseRouting.baseUrl("http://127.0.0.1:8080")).isEqualTo(URI.create("http://127.0.0.1:8080"));
    }

    @Test
    void aRowBecomesAProviderWithItsTimeoutAndItsRequestsPerMinuteLimit() {
        DatabaseRouting db = DatabaseRouting.map(List.of(OPENAI, CLAUDE), List.of(), Set.of(), Set.of());

        Map<String, ProvidersSettings.Provider> providers = db.providersWith(typedProviders(Map.of()), shorthand());

        assertThat(providers).containsOnlyKeys("openai", "claude");
        assertThat(providers.get("openai").kind()).isEqualTo(ProviderKind.OPENAI);
        assertThat(providers.get("openai").baseUrl()).isEqualTo(URI.create("https://api.openai.com"));
        assertThat(providers.get("openai").requestTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(providers.get("openai").apiKey()).as("keys come from the credential source").isNull();
        assertThat(providers.get("claude").kind()).isEqualTo(ProviderKind.ANTHROPIC);
        RateLimitSettings limits = db.limitsWith(rateLimits(List.of()));
        assertThat(limits.limitOf(new Target("openai", "gpt-4o"))).hasValueSatisfying(limit -> {
            assertThat(limit.rpm()).isEqualTo(120L);
            assertThat(limit.tpm()).isNull();
            assertThat(limit.period()).isEqualTo(Duration.ofMinutes(1));
        });
    }

    @Test
    void theTypedConfigurationWinsOnTheSameProviderIdAliasAndWildcardLimit() {
        ProvidersSettings.Provider typedOpenAi = new ProvidersSettings.Provider(ProviderKind.OPENAI_COMPATIBLE,
                URI.create("http://typed.example"), null, null, Duration.ofSeconds(1), Duration.ofSeconds(2),
                "v", Map.of(), "v", 10);
        RoutingSettings typedRoutes = new RoutingSettings(null, Map.of("fast", new RoutingSettings.RouteSpec(
                Strategy.PRIORITY, List.of(new RoutingSettings.TargetSpec("openai", "typed-model", 1)), null)));
        DatabaseRouting db = DatabaseRouting.map(List.of(OPENAI, CLAUDE),
                List.of(route("fast", 0, "claude", "claude-haiku-4-5", "priority"),
                        route("smart", 0, "claude", "claude-sonnet-4-5", "priority")),
                Set.of("openai"), typedRoutes.routes().keySet());

        Map<String, ProvidersSettings.Provider> providers = db.providersWith(
                typedProviders(Map.of("openai", typedOpenAi)), shorthand());
        RoutingSettings routing = db.routingWith(typedRoutes, providers.keySet());
        RateLimitSettings limits = db.limitsWith(rateLimits(List.of(
                new RateLimitSettings.Limit("claude", "*", 5L, null, Duration.ofSeconds(10)))));

        assertThat(providers.get("openai")).isSameAs(typedOpenAi);
        assertThat(routing.routes().get("fast").targets()).extracting(RoutingSettings.TargetSpec::model)
                .containsExactly("typed-model");
        assertThat(routing.routes().get("smart").targets()).extracting(RoutingSettings.TargetSpec::model)
                .containsExactly("claude-sonnet-4-5");
        assertThat(limits.limits()).singleElement().satisfies(l -> assertThat(l.rpm()).isEqualTo(5L));
        assertThat(db.withoutBreakers()).isEmpty();
    }

    @Test
    void routeRowsAreOrderedByPositionWithTheirStrategyAndWeights() {
        DatabaseRouting db = DatabaseRouting.map(List.of(OPENAI, CLAUDE),
                List.of(route("mix", 7, "openai", "gpt-4o-mini", "weighted", 3),
                        route("mix", 2, "claude", "claude-haiku-4-5", "weighted", 1)), Set.of(), Set.of());

        RoutingSettings routing = db.routingWith(new RoutingSettings(null, Map.of()), Set.of("openai", "claude"));
        Routes routes = Routes.from(routing, Set.of("openai", "claude"));

        var route = routes.forModel("mix").orElseThrow();
        assertThat(route.strategy()).isEqualTo(Strategy.WEIGHTED);
        assertThat(route.targets()).containsExactly(new Target("claude", "claude-haiku-4-5"),
                new Target("openai", "gpt-4o-mini"));
        assertThat(route.weights()).containsExactly(1, 3);
    }

    @Test
    void aRowWithoutACircuitBreakerIsListed() {
        ApiConfigurationRow noBreaker = new ApiConfigurationRow("local", null, "http://vllm:8000", "local-api-key",
                60, 30, false);

        DatabaseRouting db = DatabaseRouting.map(List.of(noBreaker, CLAUDE), List.of(), Set.of(), Set.of());

        assertThat(db.withoutBreakers()).containsExactly("local");
    }

    @Test
    void everyUnusableRowIsNamedWithItsTableAndProblem() {
        assertThatThrownBy(() -> DatabaseRouting.map(
                List.of(row("broken", null, "not a url"), row("ftp", null, "ftp://files.example.com"),
                        row("bad id!", null, "https://api.openai.com"),
                        new ApiConfigurationRow("slow", null, "https://x.example", "slow-api-key", 60, 0, true),
                        row("weird", "cohere", "https://api.cohere.ai")),
                List.of(route("a", 0, "openai", "m", "round-robin"),
                        route("b", 0, "openai", "m", "priority"), route("b", 1, "claude", "m", "weighted")),
                Set.of(), Set.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("api_configurations row provider_name='broken': endpoint_url 'not a url' is not")
                .hasMessageContaining("api_configurations row provider_name='ftp': endpoint_url"
                        + " 'ftp://files.example.com' is not an http or https URL")
                .hasMessageContaining("api_configurations row provider_name='bad id!': a provider id is")
                .hasMessageContaining("api_configurations row provider_name='slow': timeout_seconds must be positive")
                .hasMessageContaining("api_configurations row provider_name='weird': kind 'cohere' is not one of")
                .hasMessageContaining("model_routes row (alias='a', position=0): strategy 'round-robin' is not one of")
                .hasMessageContaining("model_routes alias='b': its rows name different strategies");
    }

    @Test
    void aRouteRowNamingAProviderNoOneConfiguredOrRepeatingATargetIsNamed() {
        DatabaseRouting db = DatabaseRouting.map(List.of(OPENAI), List.of(
                route("fast", 0, "openai", "gpt-4o-mini", "priority"),
                route("fast", 1, "ghost", "x", "priority"),
                route("fast", 2, "openai", "gpt-4o-mini", "priority")), Set.of(), Set.of());

        assertThatThrownBy(() -> db.routingWith(new RoutingSettings(null, Map.of()), Set.of("openai")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("model_routes row (alias='fast', position=1): route 'fast' names provider"
                        + " 'ghost', which is not configured")
                .hasMessageContaining("model_routes row (alias='fast', position=2): route 'fast' lists"
                        + " openai/gpt-4o-mini twice");
    }

    @Test
    void withNothingFromTheDatabaseTheTypedConfigurationIsUnchanged() {
        RoutingSettings typed = new RoutingSettings("openai", Map.of());
        RateLimitSettings limits = rateLimits(List.of());

        assertThat(DatabaseRouting.none().routingWith(typed, Set.of("openai"))).isSameAs(typed);
        assertThat(DatabaseRouting.none().limitsWith(limits)).isSameAs(limits);
        assertThat(DatabaseRouting.none().providersWith(typedProviders(Map.of()), shorthand()))
                .as("the relay.provider shorthand still applies").containsOnlyKeys("openai");
    }

    @Test
    void aUserInfoPasswordInAnEndpointIsNotRepeatedInTheMessage() {
        assertThatThrownBy(() -> DatabaseRouting.map(
                List.of(row("p", null, "ftp://user:hunter2@files.example.com")), List.of(), Set.of(), Set.of()))
                .hasMessageNotContaining("hunter2").hasMessageContaining("ftp://[redacted]@files.example.com");
    }

    private static ApiConfigurationRow row(String name, String kind, String endpoint) {
        return new ApiConfigurationRow(name, kind, endpoint, name + "-api-key", 120, 20, true);
    }

    private static ModelRouteRow route(String alias, int position, String provider, String model, String strategy) {
        return route(alias, position, provider, model, strategy, 1);
    }

    private static ModelRouteRow route(String alias, int position, String provider, String model, String strategy,
                                       int weight) {
        return new ModelRouteRow(alias, position, provider, model, weight, strategy);
    }

    private static ProvidersSettings typedProviders(Map<String, ProvidersSettings.Provider> providers) {
        return new ProvidersSettings(providers);
    }

    private static ProviderSettings shorthand() {
        return new ProviderSettings("openai", URI.create("https://api.openai.com"), null, null,
                Duration.ofSeconds(5), Duration.ofSeconds(30), new ProviderSettings.Retry(3, Duration.ofMillis(200),
                Duration.ofSeconds(5)));
    }

    private static RateLimitSettings rateLimits(List<RateLimitSettings.Limit> limits) {
        return new RateLimitSettings(limits, 1024, RateLimitSettings.Backend.AUTO,
                new RateLimitSettings.Datasource(null, null, null, 8, "relay_rate_limit_bucket"));
    }
}
