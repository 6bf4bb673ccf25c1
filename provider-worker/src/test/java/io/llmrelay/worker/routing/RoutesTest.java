package io.llmrelay.worker.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import io.llmrelay.worker.provider.Target;
import org.junit.jupiter.api.Test;

class RoutesTest {

    private static final Set<String> PROVIDERS = Set.of("openai", "anthropic", "azure");
    private static final Target OPENAI = new Target("openai", "gpt-4o-mini");
    private static final Target ANTHROPIC = new Target("anthropic", "claude-haiku-4-5");
    private static final Target AZURE = new Target("azure", "gpt-4o-mini");

    @Test
    void anAliasResolvesToItsTargetsInPriorityOrder() {
        Routes routes = Routes.from(settings(null, Map.of("fast", spec(Strategy.PRIORITY, OPENAI, ANTHROPIC))),
                PROVIDERS);

        Route route = routes.forModel("fast").orElseThrow();

        assertThat(route.order(new LatencyTracker(), new SplittableRandom(1))).containsExactly(OPENAI, ANTHROPIC);
    }

    @Test
    void aModelWithoutARouteGoesUnchangedToTheDefaultProviderOrIsNotRoutedWithoutOne() {
        Routes withDefault = Routes.from(settings("anthropic", Map.of()), PROVIDERS);
        Routes withoutDefault = Routes.from(settings(null, Map.of()), PROVIDERS);
        Routes singleProvider = Routes.from(settings(null, Map.of()), Set.of("openai"));

        assertThat(withDefault.forModel("claude-opus-4-1").orElseThrow().targets())
                .containsExactly(new Target("anthropic", "claude-opus-4-1"));
        assertThat(withoutDefault.forModel("gpt-4o")).isEmpty();
        assertThat(singleProvider.forModel("gpt-4o").orElseThrow().targets())
                .containsExactly(new Target("openai", "gpt-4o"));
    }

    @Test
    void aRouteNamingAnUnknownProviderFailsWithTheRouteAndPropertyNamed() {
        RoutingSettings bad = settings(null, Map.of("smart", spec(Strategy.PRIORITY, OPENAI,
                new Target("anthropc", "claude-sonnet-4-5"))));

        assertThatThrownBy(() -> Routes.from(bad, PROVIDERS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("relay.routing.routes.smart.targets[1].provider")
                .hasMessageContaining("'anthropc'");
        assertThatThrownBy(() -> Routes.from(settings("nobody", Map.of()), PROVIDERS))
                .hasMessageContaining("relay.routing.default-provider");
    }

    @Test
    void weightedRoutesPickTheFirstTargetInProportionToTheWeights() {
        RoutingSettings.RouteSpec weighted = new RoutingSettings.RouteSpec(Strategy.WEIGHTED, List.of(
                new RoutingSettings.TargetSpec("openai", OPENAI.model(), 3),
                new RoutingSettings.TargetSpec("azure", AZURE.model(), 1)), null);
        Route route = Routes.from(settings(null, Map.of("mini", weighted)), PROVIDERS).forModel("mini").orElseThrow();
        SplittableRandom random = new SplittableRandom(42);
        Map<Target, Integer> firsts = new HashMap<>();

        for (int i = 0; i < 4_000; i++) {
            List<Target> order = route.order(new LatencyTracker(), random);
            assertThat(order).containsExactlyInAnyOrder(OPENAI, AZURE);
            firsts.merge(order.getFirst(), 1, Integer::sum);
        }

        // expected 3,000 : 1,000; the bounds are > 10 standard deviations wide
        assertThat(firsts.get(OPENAI)).isBetween(2_700, 3_300);
        assertThat(firsts.get(AZURE)).isBetween(700, 1_300);
    }

    @Test
    void leastLatencyTriesUnmeasuredTargetsFirstThenTheFastest() {
        Route route = Routes.from(settings(null, Map.of("any", spec(Strategy.LEAST_LATENCY, OPENAI, ANTHROPIC, AZURE))),
                PROVIDERS).forModel("any").orElseThrow();
        LatencyTracker latencies = new LatencyTracker();

        latencies.succeeded(OPENAI, Duration.ofMillis(900));
        latencies.succeeded(ANTHROPIC, Duration.ofMillis(300));
        assertThat(route.order(latencies, new SplittableRandom(1))).containsExactly(AZURE, ANTHROPIC, OPENAI);

        latencies.succeeded(AZURE, Duration.ofMillis(600));
        assertThat(route.order(latencies, new SplittableRandom(1))).containsExactly(ANTHROPIC, AZURE, OPENAI);
    }

    @Test
    void aBudgetFallbackGoesFirstForCallersAboveTheirShareAndTheRouteStaysBehindIt() {
        RoutingSettings.RouteSpec spec = new RoutingSettings.RouteSpec(Strategy.PRIORITY, List.of(
                new RoutingSettings.TargetSpec("openai", "gpt-4o", 1),
                new RoutingSettings.TargetSpec("azure", "gpt-4o", 1)),
                new RoutingSettings.BudgetFallback("openai", "gpt-4o-mini", 0.8));
        Route route = Routes.from(settings(null, Map.of("smart", spec)), PROVIDERS).forModel("smart").orElseThrow();

        assertThat(route.orderForSpender(new LatencyTracker(), new SplittableRandom(1)))
                .containsExactly(OPENAI, new Target("openai", "gpt-4o"), new Target("azure", "gpt-4o"));
        assertThat(route.aboveShare()).isEqualTo(0.8);
    }

    private static RoutingSettings settings(String defaultProvider, Map<String, RoutingSettings.RouteSpec> routes) {
        return new RoutingSettings(defaultProvider, routes);
    }

    private static RoutingSettings.RouteSpec spec(Strategy strategy, Target... targets) {
        return new RoutingSettings.RouteSpec(strategy, java.util.Arrays.stream(targets)
                .map(t -> new RoutingSettings.TargetSpec(t.provider(), t.model(), 1)).toList(), null);
    }
}
