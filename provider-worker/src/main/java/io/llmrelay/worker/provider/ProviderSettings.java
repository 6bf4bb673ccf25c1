package io.llmrelay.worker.provider;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code relay.provider.*}: the shorthand for one OpenAI or OpenAI-compatible provider, used when
 * {@code relay.providers} is empty (see {@link ProvidersSettings}), and the retry policy of every provider.
 *
 * @param id             provider id written to results, usage events and errors
 * @param baseUrl        scheme, host and optional path prefix; {@code /v1/chat/completions} is appended
 * @param apiKey         sent as {@code Authorization: Bearer}; bound from {@code OPENAI_API_KEY}; optional, as the
 *                       credentials may come from a credential source instead
 * @param organization   sent as {@code OpenAI-Organization} when set; bound from {@code OPENAI_ORGANIZATION}
 * @param connectTimeout TCP and TLS connect, per attempt
 * @param requestTimeout one attempt from sending to the full answer; shortened to the request's deadline
 * @param retry          retries of server errors, timeouts, unreachable provider and unusable answers
 */
@Validated
@ConfigurationProperties("relay.provider")
public record ProviderSettings(
        @NotBlank @DefaultValue("openai") String id,
        @NotNull @DefaultValue("https://api.openai.com") URI baseUrl,
        Secret apiKey,
        String organization,
        @NotNull @DurationMin(millis = 1) @DefaultValue("5s") Duration connectTimeout,
        @NotNull @DurationMin(millis = 1) @DefaultValue("30s") Duration requestTimeout,
        @NotNull @Valid @DefaultValue Retry retry) {

    public ProviderSettings {
        if (baseUrl != null && !("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme()))) {
            throw new IllegalArgumentException("must be an http or https URL, was '" + baseUrl + "'");
        }
        if (organization != null && organization.isBlank()) {
            organization = null;
        }
    }

    /**
     * Exponential backoff with full jitter: before retry n the worker waits a random time between 0 and
     * {@code min(maxDelay, baseDelay * 2^(n-1))}, or what the provider asked for in Retry-After.
     *
     * @param maxAttempts attempts that may fail with a retryable error, the first included; rate-limited
     *                    attempts do not count (they are bounded by the request's deadline)
     */
    public record Retry(
            @Positive @DefaultValue("3") int maxAttempts,
            @NotNull @DurationMin(millis = 1) @DefaultValue("200ms") Duration baseDelay,
            @NotNull @DurationMin(millis = 1) @DefaultValue("5s") Duration maxDelay) {
    }
}
