package io.llmrelay.worker.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.llmrelay.worker.provider.Target;

/**
 * Every route of this worker, checked against the configured providers when built: a route naming a provider that
 * does not exist fails start-up with a message naming the route and the property.
 */
public final class Routes {

    private final Map<String, Route> byAlias;
    private final String defaultProvider;

    private Routes(Map<String, Route> byAlias, String defaultProvider) {
        this.byAlias = byAlias;
        this.defaultProvider = defaultProvider;
    }

    /**
     * @param providers ids of the configured providers
     * @throws IllegalStateException naming the first bad route and property
     */
    public static Routes from(RoutingSettings settings, Set<String> providers) {
        List<String> problems = new ArrayList<>();
        String defaultProvider = settings.defaultProvider();
        if (defaultProvider != null && !providers.contains(defaultProvider)) {
            problems.add("relay.routing.default-provider: no provider '" + defaultProvider + "' is configured");
        }
        if (defaultProvider == null && providers.size() == 1) {
            defaultProvider = providers.iterator().next();
        }
        Map<String, Route> byAlias = new LinkedHashMap<>();
        for (var entry : settings.routes().entrySet()) {
            String alias = entry.getKey();
            RoutingSettings.RouteSpec spec = entry.getValue();
            List<Target> targets = new ArrayList<>();
            List<Integer> weights = new ArrayList<>();
            for (int i = 0; i < spec.targets().size(); i++) {
                RoutingSettings.TargetSpec target = spec.targets().get(i);
                if (!providers.contains(target.provider())) {
                    problems.add("relay.routing.routes." + alias + ".targets[" + i + "].provider: route '" + alias
                            + "' names provider '" + target.provider() + "', which is not configured");
                }
                Target t = new Target(target.provider(), target.model());
                if (targets.contains(t)) {
                    problems.add("relay.routing.routes." + alias + ".targets[" + i + "]: route '" + alias
                            + "' lists " + t + " twice");
                }
                targets.add(t);
                weights.add(target.weight());
            }
            Optional<Target> cheaper = Optional.empty();
            double aboveShare = 1.0;
            if (spec.budgetFallback() != null) {
                RoutingSettings.BudgetFallback fallback = spec.budgetFallback();
                if (!providers.contains(fallback.provider())) {
                    problems.add("relay.routing.routes." + alias + ".budget-fallback.provider: route '" + alias
                            + "' names provider '" + fallback.provider() + "', which is not configured");
                }
                cheaper = Optional.of(new Target(fallback.provider(), fallback.model()));
                aboveShare = fallback.aboveShare();
            }
            byAlias.put(alias, new Route(alias, spec.strategy(), targets, weights, cheaper, aboveShare));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid routes (configured providers: " + new TreeSet<>(providers)
                    + "): " + String.join("; ", problems));
        }
        return new Routes(Map.copyOf(byAlias), defaultProvider);
    }

    /** The route for a requested model: its configured route, else the model unchanged on the default provider. */
    public Optional<Route> forModel(String model) {
        Route route = byAlias.get(model);
        if (route != null) {
            return Optional.of(route);
        }
        return defaultProvider == null ? Optional.empty() : Optional.of(Route.passThrough(model, defaultProvider));
    }

    /** Where models without a route go, if anywhere. */
    public Optional<String> defaultProvider() {
        return Optional.ofNullable(defaultProvider);
    }

    public Set<String> aliases() {
        return byAlias.keySet();
    }
}
