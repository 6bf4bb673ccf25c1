package io.llmrelay.worker.routing;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code relay.routing.*}: which provider targets answer which model names.
 *
 * @param defaultProvider provider of a model that has no route: the request's model is sent to it unchanged. Unset:
 *                        the only configured provider when there is one; with several, a model without a route is
 *                        refused ({@code model_not_routed})
 * @param routes          model alias (what callers put in {@code model}) to its ordered targets. An alias with a dot
 *                        is written in brackets: {@code relay.routing.routes.[claude-3.5].targets[0].provider}
 */
@Validated
@ConfigurationProperties("relay.routing")
public record RoutingSettings(String defaultProvider, @DefaultValue Map<String, @Valid RouteSpec> routes) {

    public RoutingSettings {
        defaultProvider = defaultProvider == null || defaultProvider.isBlank() ? null : defaultProvider.strip();
        routes = routes == null ? Map.of() : Map.copyOf(routes);
    }

    /**
     * @param targets        tried in the order the strategy gives; each later one is a fallback
     * @param budgetFallback a cheaper target used instead of this route while the caller has spent more than
     *                       {@code budgetFallback.aboveShare} of a budget; unset: none
     */
    public record RouteSpec(@NotNull @DefaultValue("priority") Strategy strategy,
                            @NotEmpty List<@Valid @NotNull TargetSpec> targets,
                            @Valid BudgetFallback budgetFallback) {
    }

    /**
     * @param provider id of a provider under {@code relay.providers} (or {@code relay.provider.id})
     * @param model    the model name that provider knows
     * @param weight   share of first picks under {@link Strategy#WEIGHTED}; ignored otherwise
     */
    public record TargetSpec(@NotBlank String provider, @NotBlank String model,
                             @Positive @DefaultValue("1") int weight) {
    }

    /**
     * @param provider   the cheaper target's provider
     * @param model      the cheaper target's model
     * @param aboveShare spent share of the caller's budget (0..1) above which the cheaper target is used
     */
    public record BudgetFallback(@NotBlank String provider, @NotBlank String model,
                                 @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.8") double aboveShare) {
    }
}
