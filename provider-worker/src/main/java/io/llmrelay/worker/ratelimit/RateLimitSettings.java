package io.llmrelay.worker.ratelimit;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.llmrelay.worker.provider.Secret;
import io.llmrelay.worker.provider.Target;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code relay.rate-limits.*}: how many requests and tokens each provider target may take per period, counted across
 * all workers in PostgreSQL (or, without a database, per worker).
 *
 * @param limits           per target; a target without one is not limited here (the provider's own signals still
 *                         hold it back)
 * @param defaultMaxTokens completion tokens reserved for a request that sets no {@code max_tokens}
 * @param backend          {@code auto}: PostgreSQL when {@code datasource.url} is set, else in memory per worker;
 *                         {@code postgresql}: the database is required; {@code local}: in memory per worker
 * @param datasource       the database the buckets live in
 */
@Validated
@ConfigurationProperties("relay.rate-limits")
public record RateLimitSettings(
        @NotNull @DefaultValue List<@Valid Limit> limits,
        @Positive @DefaultValue("1024") int defaultMaxTokens,
        @NotNull @DefaultValue("auto") Backend backend,
        @NotNull @Valid @DefaultValue Datasource datasource) {

    public RateLimitSettings {
        limits = limits == null ? List.of() : List.copyOf(limits);
        Set<String> seen = new HashSet<>();
        for (Limit limit : limits) {
            if (limit.provider() != null && limit.model() != null && !seen.add(limit.provider() + "/" + limit.model())) {
                throw new IllegalArgumentException("relay.rate-limits.limits: more than one limit for provider '"
                        + limit.provider() + "' and model '" + limit.model() + "'");
            }
        }
    }

    public enum Backend { AUTO, POSTGRESQL, LOCAL }

    /** The limit of a target: the one naming its model, else the provider's {@code *}; empty if neither. */
    public Optional<Limit> limitOf(Target target) {
        Limit wildcard = null;
        for (Limit limit : limits) {
            if (limit.provider().equals(target.provider())) {
                if (limit.model().equals(target.model())) {
                    return Optional.of(limit);
                }
                if (limit.model().equals(Limit.ANY_MODEL)) {
                    wildcard = limit;
                }
            }
        }
        return Optional.ofNullable(wildcard);
    }

    /** Whether the buckets are shared through PostgreSQL. */
    public boolean shared() {
        return switch (backend) {
            case POSTGRESQL -> true;
            case LOCAL -> false;
            case AUTO -> datasource.url() != null && !datasource.url().isBlank();
        };
    }

    @AssertTrue(message = "backend 'postgresql' needs relay.rate-limits.datasource.url")
    public boolean isDatasourceGivenForPostgresql() {
        return backend != Backend.POSTGRESQL || (datasource.url() != null && !datasource.url().isBlank());
    }

    /**
     * One limit. The model {@code *} gives every model of the provider that has no limit of its own this limit, each
     * model counted on its own (as providers count them).
     *
     * @param rpm    requests per {@code period}; unset: not limited by requests
     * @param tpm    tokens (prompt estimate plus the completion reserved) per {@code period}; unset: not limited by
     *               tokens
     * @param period the window the two are counted in; the whole allowance comes back at once at its end
     */
    public record Limit(
            @NotBlank String provider,
            @NotBlank @DefaultValue(ANY_MODEL) String model,
            @Positive Long rpm,
            @Positive Long tpm,
            @NotNull @DurationMin(millis = 100) @DefaultValue("1m") Duration period) {

        public static final String ANY_MODEL = "*";

        @AssertTrue(message = "set rpm, tpm or both")
        public boolean isRpmOrTpmSet() {
            return rpm != null || tpm != null;
        }
    }

    /**
     * @param url      JDBC URL of the PostgreSQL database, e.g. {@code jdbc:postgresql://db:5432/relay}
     * @param password never logged; bound from {@code RELAY_RATE_LIMITS_DATASOURCE_PASSWORD}
     * @param poolSize connections, at most; each decision holds one for one short transaction
     * @param table    the buckets' table, created at start-up if missing
     */
    public record Datasource(
            String url,
            String username,
            Secret password,
            @Positive @Max(100) @DefaultValue("8") int poolSize,
            @NotNull @Pattern(regexp = "[a-z_][a-z0-9_]{0,62}", message = "must be a lower-case SQL identifier")
            @DefaultValue("relay_rate_limit_bucket") String table) {

        @Override
        public String toString() {
            return "Datasource[url=" + url + ", username=" + username + ", password=" + password + ", poolSize="
                    + poolSize + ", table=" + table + "]";
        }
    }
}
