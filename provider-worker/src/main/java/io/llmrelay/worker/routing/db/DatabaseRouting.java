package io.llmrelay.worker.routing.db;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.llmrelay.worker.provider.ProviderKind;
import io.llmrelay.worker.provider.ProviderSettings;
import io.llmrelay.worker.provider.ProvidersSettings;
import io.llmrelay.worker.ratelimit.RateLimitSettings;
import io.llmrelay.worker.routing.RoutingSettings;
import io.llmrelay.worker.routing.Strategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The providers, rate limits and routes read from {@code api_configurations} and {@code model_routes} at start-up,
 * checked row by row, minus what the typed configuration defines itself: a {@code relay.providers.<id>} or
 * {@code relay.routing.routes.<alias>} wins over a row with the same provider name or alias. The provider,
 * rate-limit, routing and completion configurations each merge their part in; with the database off this is
 * {@link #none()} and they see their typed configuration unchanged.
 *
 * <p>A row that cannot be used fails start-up with a message naming the table, the row and the problem: a relay
 * that silently left out a provider or a route would answer callers {@code model_not_routed} instead.
 */
public final class DatabaseRouting {

    private static final Logger log = LoggerFactory.getLogger(DatabaseRouting.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");
    /** Suffixes an endpoint may be written with that the adapters append themselves. */
    private static final List<String> API_PATHS = List.of("/v1/chat/completions", "/v1/messages", "/v1");
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RATE_LIMIT_PERIOD = Duration.ofMinutes(1);
    private static final DatabaseRouting NONE = new DatabaseRouting(Map.of(), Map.of(), Set.of(), Map.of());

    private final Map<String, ProvidersSettings.Provider> providers;
    private final Map<String, Long> requestsPerMinute;
    private final Set<String> withoutBreakers;
    private final Map<String, List<ModelRouteRow>> routes;

    private DatabaseRouting(Map<String, ProvidersSettings.Provider> providers, Map<String, Long> requestsPerMinute,
                            Set<String> withoutBreakers, Map<String, List<ModelRouteRow>> routes) {
        this.providers = Collections.unmodifiableMap(providers);
        this.requestsPerMinute = Collections.unmodifiableMap(requestsPerMinute);
        this.withoutBreakers = Collections.unmodifiableSet(withoutBreakers);
        this.routes = Collections.unmodifiableMap(routes);
    }

    /** Nothing from the database: every configuration stays as typed. */
    public static DatabaseRouting none() {
        return NONE;
    }

    /**
     * Checks every row and keeps those the typed configuration does not override.
     *
     * @param typedProviders ids under {@code relay.providers}
     * @param typedAliases   aliases under {@code relay.routing.routes}
     * @throws IllegalStateException naming every bad row
     */
    public static DatabaseRouting map(List<ApiConfigurationRow> configurations, List<ModelRouteRow> routeRows,
                                      Set<String> typedProviders, Set<String> typedAliases) {
        List<String> problems = new ArrayList<>();
        Map<String, ProvidersSettings.Provider> providers = new LinkedHashMap<>();
        Map<String, Long> rpm = new LinkedHashMap<>();
        Set<String> withoutBreakers = new HashSet<>();
        for (ApiConfigurationRow row : configurations) {
            String name = "api_configurations row provider_name='" + row.providerName() + "'";
            List<String> rowProblems = new ArrayList<>();
            if (!ID.matcher(row.providerName()).matches()) {
                rowProblems.add(name + ": a provider id is 1 to 63 letters, digits, '-' and '_', starting with a"
                        + " letter or digit");
            }
            URI baseUrl = null;
            try {
                baseUrl = baseUrl(row.endpointUrl());
            } catch (IllegalArgumentException e) {
                rowProblems.add(name + ": endpoint_url " + e.getMessage());
            }
            ProviderKind kind = null;
            if (row.kind() != null) {
                kind = kind(row.kind());
                if (kind == null) {
                    rowProblems.add(name + ": kind '" + row.kind() + "' is not one of openai, azure-openai,"
                            + " anthropic, openai-compatible");
                }
            } else if (baseUrl != null) {
                kind = inferKind(baseUrl);
            }
            if (row.timeoutSeconds() <= 0) {
                rowProblems.add(name + ": timeout_seconds must be positive, was " + row.timeoutSeconds());
            }
            if (row.rateLimitPerMinute() <= 0) {
                rowProblems.add(name + ": rate_limit_per_minute must be positive, was " + row.rateLimitPerMinute());
            }
            if (!rowProblems.isEmpty()) {
                problems.addAll(rowProblems);
                continue;
            }
            String id = row.providerName();
            if (typedProviders.contains(id)) {
                log.info("{}: ignored, relay.providers.{} is configured and wins", name, id);
                continue;
            }
            String usualEntry = id + "-api-key";
            if (row.apiKeySecretName() != null && !row.apiKeySecretName().equals(usualEntry)) {
                log.warn("{}: api_key_secret_name '{}' is not read: the key comes from the credential source's"
                        + " entries {}[-n] (or relay.providers.{}.api-key / relay.credentials.oauth2.{})", name,
                        row.apiKeySecretName(), usualEntry, id, id);
            }
            providers.put(id, new ProvidersSettings.Provider(kind, baseUrl, null, null, CONNECT_TIMEOUT,
                    Duration.ofSeconds(row.timeoutSeconds()), ProvidersSettings.AZURE_API_VERSION, Map.of(),
                    ProvidersSettings.ANTHROPIC_VERSION, ProvidersSettings.DEFAULT_MAX_TOKENS));
            rpm.put(id, (long) row.rateLimitPerMinute());
            if (!row.circuitBreakerEnabled()) {
                withoutBreakers.add(id);
            }
            log.info("provider '{}' from api_configurations: {} at {}, request timeout {}s, {} requests per minute{}",
                    id, kind.name().toLowerCase(Locale.ROOT).replace('_', '-'), shown(baseUrl.toString()),
                    row.timeoutSeconds(), row.rateLimitPerMinute(),
                    row.circuitBreakerEnabled() ? "" : ", no circuit breaker");
        }
        Map<String, List<ModelRouteRow>> routes = new LinkedHashMap<>();
        for (ModelRouteRow row : routeRows) {
            String name = row(row);
            if (row.alias() == null || row.alias().isBlank()) {
                problems.add(name + ": alias is blank");
            }
            if (row.model() == null || row.model().isBlank()) {
                problems.add(name + ": model is blank");
            }
            if (row.weight() <= 0) {
                problems.add(name + ": weight must be positive, was " + row.weight());
            }
            if (strategy(row.strategy()) == null) {
                problems.add(name + ": strategy '" + row.strategy() + "' is not one of priority, weighted,"
                        + " least-latency");
            }
            routes.computeIfAbsent(row.alias(), a -> new ArrayList<>()).add(row);
        }
        for (var route : routes.entrySet()) {
            route.getValue().sort((a, b) -> Integer.compare(a.position(), b.position()));
            Set<String> strategies = new LinkedHashSet<>();
            route.getValue().forEach(r -> strategies.add(r.strategy().strip().toLowerCase(Locale.ROOT)));
            if (strategies.size() > 1) {
                problems.add("model_routes alias='" + route.getKey() + "': its rows name different strategies "
                        + strategies + "; every row of an alias must name the same");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("relay.routing.from-database: unusable rows in the database: "
                    + String.join("; ", problems));
        }
        routes.keySet().removeIf(alias -> {
            boolean typed = typedAliases.contains(alias);
            if (typed) {
                log.info("model_routes alias='{}': ignored, relay.routing.routes.{} is configured and wins", alias,
                        alias);
            }
            return typed;
        });
        return new DatabaseRouting(providers, rpm, withoutBreakers, routes);
    }

    /**
     * The providers to build: the typed ones, then those of the table. The {@code relay.provider.*} shorthand only
     * applies when neither defines any.
     */
    public Map<String, ProvidersSettings.Provider> providersWith(ProvidersSettings typed, ProviderSettings shorthand) {
        if (providers.isEmpty()) {
            return typed.resolve(shorthand);
        }
        Map<String, ProvidersSettings.Provider> all = new LinkedHashMap<>(typed.providers());
        all.putAll(providers);
        return all;
    }

    /**
     * The typed routes plus those of the table, checked against the providers that were built.
     *
     * @throws IllegalStateException naming each {@code model_routes} row that names an unknown provider or repeats a
     *                               target of its alias
     */
    public RoutingSettings routingWith(RoutingSettings typed, Set<String> providerIds) {
        if (routes.isEmpty()) {
            return typed;
        }
        List<String> problems = new ArrayList<>();
        Map<String, RoutingSettings.RouteSpec> all = new LinkedHashMap<>(typed.routes());
        routes.forEach((alias, rows) -> {
            List<RoutingSettings.TargetSpec> targets = new ArrayList<>();
            for (ModelRouteRow row : rows) {
                if (!providerIds.contains(row.providerName())) {
                    problems.add(row(row) + ": route '" + alias + "' names provider '" + row.providerName()
                            + "', which is not configured (no enabled api_configurations row and no relay.providers."
                            + row.providerName() + ")");
                }
                RoutingSettings.TargetSpec target = new RoutingSettings.TargetSpec(row.providerName(), row.model(),
                        row.weight());
                if (targets.stream().anyMatch(t -> t.provider().equals(target.provider())
                        && t.model().equals(target.model()))) {
                    problems.add(row(row) + ": route '" + alias + "' lists " + row.providerName() + "/" + row.model()
                            + " twice");
                }
                targets.add(target);
            }
            all.put(alias, new RoutingSettings.RouteSpec(strategy(rows.getFirst().strategy()), targets, null));
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid routes in model_routes (configured providers: "
                    + new TreeSet<>(providerIds) + "): " + String.join("; ", problems));
        }
        routes.forEach((alias, rows) -> log.info("route '{}' from model_routes: {} over {}", alias,
                rows.getFirst().strategy(), rows.stream().map(r -> r.providerName() + "/" + r.model()).toList()));
        return new RoutingSettings(typed.defaultProvider(), all);
    }

    /**
     * The typed limits plus each table provider's {@code rate_limit_per_minute} as its {@code *} requests-per-minute
     * limit, unless {@code relay.rate-limits.limits} already gives that provider a {@code *} limit.
     */
    public RateLimitSettings limitsWith(RateLimitSettings typed) {
        if (requestsPerMinute.isEmpty()) {
            return typed;
        }
        List<RateLimitSettings.Limit> limits = new ArrayList<>(typed.limits());
        requestsPerMinute.forEach((provider, rpm) -> {
            boolean typedLimit = typed.limits().stream().anyMatch(l -> l.provider().equals(provider)
                    && l.model().equals(RateLimitSettings.Limit.ANY_MODEL));
            if (typedLimit) {
                log.info("api_configurations row provider_name='{}': rate_limit_per_minute ignored,"
                        + " relay.rate-limits.limits has a '*' limit for it and wins", provider);
            } else {
                limits.add(new RateLimitSettings.Limit(provider, RateLimitSettings.Limit.ANY_MODEL, rpm, null,
                        RATE_LIMIT_PERIOD));
            }
        });
        return new RateLimitSettings(limits, typed.defaultMaxTokens(), typed.backend(), typed.datasource());
    }

    /** Providers whose row sets {@code circuit_breaker_enabled = false}: their targets are called without one. */
    public Set<String> withoutBreakers() {
        return withoutBreakers;
    }

    /** The providers taken from the table (the typed ones that won left out), in row order. */
    public Set<String> providerIds() {
        return providers.keySet();
    }

    /** The aliases taken from the table. */
    public Set<String> aliases() {
        return routes.keySet();
    }

    /**
     * The API of an endpoint whose row leaves {@code kind} null: api.openai.com is OpenAI, api.anthropic.com
     * Anthropic, any *.openai.azure.com an Azure OpenAI resource, anything else an OpenAI-compatible server.
     */
    static ProviderKind inferKind(URI endpoint) {
        String host = endpoint.getHost().toLowerCase(Locale.ROOT);
        if (host.equals("api.openai.com")) {
            return ProviderKind.OPENAI;
        }
        if (host.equals("api.anthropic.com")) {
            return ProviderKind.ANTHROPIC;
        }
        if (host.endsWith(".openai.azure.com")) {
            return ProviderKind.AZURE_OPENAI;
        }
        return ProviderKind.OPENAI_COMPATIBLE;
    }

    /**
     * The base URL an adapter appends its path to: the endpoint without a trailing {@code /}, and without an API path
     * ({@code /v1/chat/completions}, {@code /v1/messages}, {@code /v1}) it may have been written with.
     *
     * @throws IllegalArgumentException saying why it is not an absolute http or https URL
     */
    static URI baseUrl(String endpointUrl) {
        if (endpointUrl == null || endpointUrl.isBlank()) {
            throw new IllegalArgumentException("is blank");
        }
        URI uri;
        try {
            uri = new URI(endpointUrl.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + shown(endpointUrl) + "' is not a URL: " + e.getReason());
        }
        if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + shown(endpointUrl) + "' is not an http or https URL with a host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("'" + shown(endpointUrl) + "' has a query or fragment; give scheme,"
                    + " host and an optional path prefix");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        for (String api : API_PATHS) {
            if (path.endsWith(api)) {
                path = path.substring(0, path.length() - api.length());
                break;
            }
        }
        String base = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority() + path;
        return URI.create(base);
    }

    static ProviderKind kind(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "openai" -> ProviderKind.OPENAI;
            case "azure-openai" -> ProviderKind.AZURE_OPENAI;
            case "anthropic" -> ProviderKind.ANTHROPIC;
            case "openai-compatible" -> ProviderKind.OPENAI_COMPATIBLE;
            default -> null;
        };
    }

    static Strategy strategy(String name) {
        if (name == null) {
            return null;
        }
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "priority" -> Strategy.PRIORITY;
            case "weighted" -> Strategy.WEIGHTED;
            case "least-latency" -> Strategy.LEAST_LATENCY;
            default -> null;
        };
    }

    private static String row(ModelRouteRow row) {
        return "model_routes row (alias='" + row.alias() + "', position=" + row.position() + ")";
    }

    /** A URL as it may be logged: user info, which could hold a password, replaced. */
    private static String shown(String url) {
        return url.replaceFirst("//[^/@]*@", "//[redacted]@");
    }
}
