package io.llmrelay.worker.provider;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code relay.providers.<id>.*}: every provider the worker may call, by id. The id is what results, usage events,
 * metrics and routes name the provider by. When no provider is configured here, {@code relay.provider.*}
 * ({@link ProviderSettings}) defines the one provider, so single-provider setups keep their short configuration;
 * {@link #resolve(ProviderSettings)} gives the effective set either way.
 */
@Validated
@ConfigurationProperties("relay")
public record ProvidersSettings(@NotNull @DefaultValue Map<String, @NotNull @Valid Provider> providers) {

    static final URI OPENAI = URI.create("https://api.openai.com");
    static final URI ANTHROPIC = URI.create("https://api.anthropic.com");
    public static final String AZURE_API_VERSION = "2024-10-21";
    public static final String ANTHROPIC_VERSION = "2023-06-01";
    public static final int DEFAULT_MAX_TOKENS = 1024;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

    public ProvidersSettings {
        providers = providers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(providers));
        providers.forEach(ProvidersSettings::check);
    }

    private static void check(String id, Provider provider) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("relay.providers." + id + ": a provider id is 1 to 63 letters, digits,"
                    + " '-' and '_', starting with a letter or digit");
        }
        if (provider != null && provider.kind() != null && provider.baseUrl() == null) {
            throw new IllegalArgumentException("relay.providers." + id + ".base-url must be set for kind "
                    + kindName(provider.kind()) + (provider.kind() == ProviderKind.AZURE_OPENAI
                    ? " (the resource's endpoint, https://<resource>.openai.azure.com)" : ""));
        }
    }

    /** The providers to build, in configuration order: {@code relay.providers}, or else the shorthand's one. */
    public Map<String, Provider> resolve(ProviderSettings shorthand) {
        if (!providers.isEmpty()) {
            return providers;
        }
        ProviderKind kind = OPENAI.getHost().equalsIgnoreCase(shorthand.baseUrl().getHost())
                ? ProviderKind.OPENAI : ProviderKind.OPENAI_COMPATIBLE;
        return Map.of(shorthand.id(), new Provider(kind, shorthand.baseUrl(), shorthand.apiKey(),
                shorthand.organization(), shorthand.connectTimeout(), shorthand.requestTimeout(), AZURE_API_VERSION, Map.of(),
                ANTHROPIC_VERSION, DEFAULT_MAX_TOKENS));
    }

    /** How the kind is written in configuration: {@code azure-openai}. */
    static String kindName(ProviderKind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * One provider. Settings of other kinds are ignored (an {@code api-version} on an Anthropic provider does
     * nothing).
     *
     * @param kind             {@code openai}, {@code azure-openai}, {@code anthropic} or {@code openai-compatible}
     * @param baseUrl          scheme, host and optional path prefix; defaults to https://api.openai.com for
     *                         {@code openai} and https://api.anthropic.com for {@code anthropic}, required otherwise
     * @param apiKey           the key configured inline; optional, as a credential source may supply it
     * @param organization     OpenAI only: sent as {@code OpenAI-Organization}
     * @param connectTimeout   TCP and TLS connect, per attempt
     * @param requestTimeout   one attempt from sending to the full answer; shortened to the request's deadline
     * @param apiVersion       Azure OpenAI only: the {@code api-version} query parameter
     * @param deployments      Azure OpenAI only: model name to deployment name; a model not listed is its own
     *                         deployment name
     * @param anthropicVersion Anthropic only: the {@code anthropic-version} header
     * @param defaultMaxTokens Anthropic only: {@code max_tokens} when the request sets none (Anthropic requires it)
     */
    public record Provider(
            @NotNull ProviderKind kind,
            URI baseUrl,
            Secret apiKey,
            String organization,
            @NotNull @DurationMin(millis = 1) @DefaultValue("5s") Duration connectTimeout,
            @NotNull @DurationMin(millis = 1) @DefaultValue("30s") Duration requestTimeout,
            @NotBlank @DefaultValue("2024-10-21") String apiVersion,
            @NotNull @DefaultValue Map<String, @NotBlank String> deployments,
            @NotBlank @DefaultValue("2023-06-01") String anthropicVersion,
            @Positive @DefaultValue("1024") int defaultMaxTokens) {

        public Provider {
            if (baseUrl == null && kind == ProviderKind.OPENAI) {
                baseUrl = OPENAI;
            } else if (baseUrl == null && kind == ProviderKind.ANTHROPIC) {
                baseUrl = ANTHROPIC;
            }
            if (baseUrl != null && !("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme()))) {
                throw new IllegalArgumentException("base-url must be an http or https URL, was '" + baseUrl + "'");
            }
            if (organization != null && organization.isBlank()) {
                organization = null;
            }
            deployments = deployments == null ? Map.of() : Map.copyOf(deployments);
        }

        /** The Azure deployment serving {@code model}. */
        public String deployment(String model) {
            return deployments.getOrDefault(model, model);
        }
    }
}
