package io.llmrelay.ingest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code relay.ingest.*}: the HTTP side of request-ingest.
 *
 * @param replyPartition partition of {@code llm.results} this replica reads its replies from; give every replica its
 *                       own (e.g. the StatefulSet ordinal). Two replicas on one partition still get all their replies
 *                       (the reply consumer has no group, so each reads the whole partition and picks out its own),
 *                       but each also fetches and decodes the other's and counts them as unknown results, which
 *                       wastes reads and hides late results in that counter.
 * @param instanceId     names this replica in reply routes and Kafka client ids; defaults to the host name
 * @param requestTimeout how long a caller waits for a result; also the request's deadline for the workers
 * @param maxBodySize    largest request body accepted; larger bodies are refused with 413 before being read in full
 * @param models         model names (or route aliases) callers may ask for; others get 404 {@code model_not_found}
 * @param keys           relay keys from configuration; with a database they stay valid next to the stored keys
 * @param bootstrapKey   one extra key, usually from {@code RELAY_BOOTSTRAP_KEY}, for a first local run
 * @param database       PostgreSQL holding the relay keys; off (configured keys only) while its URL is unset
 * @param keysRefresh    how often each replica reloads the stored keys; bounds how long a revoked key keeps working
 * @param adminKey       credential of the key admin API ({@code /admin/keys}); the API is off (404) while unset or
 *                       while there is no database. Kept only as a hash once the application has read it.
 */
@Validated
@ConfigurationProperties("relay.ingest")
public record IngestProperties(
        @DefaultValue("0") @PositiveOrZero int replyPartition,
        String instanceId,
        @DefaultValue("60s") @NotNull @DurationMin(millis = 1) Duration requestTimeout,
        @DefaultValue("1MB") @NotNull DataSize maxBodySize,
        @DefaultValue({"gpt-4o-mini", "gpt-4o", "gpt-4.1-mini", "gpt-4.1", "mock-model"})
        @NotEmpty List<@NotBlank String> models,
        @DefaultValue List<@Valid KeyEntry> keys,
        @DefaultValue @Valid BootstrapKey bootstrapKey,
        @DefaultValue @Valid Database database,
        @DefaultValue("2s") @NotNull @DurationMin(millis = 100) Duration keysRefresh,
        String adminKey) {

    public IngestProperties {
        if (maxBodySize != null && maxBodySize.toBytes() < 1) {
            throw new IllegalArgumentException("relay.ingest.max-body-size must be at least 1B, was " + maxBodySize);
        }
        instanceId = instanceId == null || instanceId.isBlank() ? hostName() : instanceId;
        models = models == null ? List.of() : List.copyOf(models);
        keys = keys == null ? List.of() : List.copyOf(keys);
        adminKey = adminKey == null || adminKey.isBlank() ? null : adminKey;
    }

    /** The admin key is a credential: printed as present or absent only. */
    @Override
    public String toString() {
        return "IngestProperties[replyPartition=" + replyPartition + ", instanceId=" + instanceId + ", requestTimeout="
                + requestTimeout + ", maxBodySize=" + maxBodySize + ", models=" + models + ", keys=" + keys
                + ", bootstrapKey=" + bootstrapKey + ", database=" + database + ", keysRefresh=" + keysRefresh
                + ", adminKey=" + (adminKey == null ? "<none>" : "<redacted>") + "]";
    }

    /**
     * Where the relay keys live. Ingest owns the schema {@code schema} (its own Flyway history table there), so it
     * can share a database with usage-aggregator's tables in {@code public} without either migration seeing the
     * other's objects.
     *
     * @param url         JDBC URL; blank means no database
     * @param maxPoolSize connections for the key refresh and the admin API; authentication never uses one
     */
    public record Database(
            String url,
            @DefaultValue("llmrelay") String username,
            String password,
            @DefaultValue("relay_ingest") @NotBlank @Pattern(regexp = "[a-z_][a-z0-9_]*")
            String schema,
            @DefaultValue("2") @Positive int maxPoolSize) {

        public boolean enabled() {
            return url != null && !url.isBlank();
        }

        @Override
        public String toString() {
            return "Database[url=" + url + ", username=" + username + ", schema=" + schema + ", password="
                    + (password == null || password.isEmpty() ? "<none>" : "<redacted>") + "]";
        }
    }

    /** A relay key as configured. The key itself is hashed at start-up and never printed. */
    public record KeyEntry(@NotBlank String key, @NotBlank String keyId, @NotBlank String userId, String teamId) {

        @Override
        public String toString() {
            return "KeyEntry[keyId=" + keyId + ", userId=" + userId + ", teamId=" + teamId + ", key=<redacted>]";
        }
    }

    /** The key from {@code RELAY_BOOTSTRAP_KEY}; absent (blank) unless set. */
    public record BootstrapKey(
            String key,
            @DefaultValue("bootstrap") @NotBlank String keyId,
            @DefaultValue("local-user") @NotBlank String userId,
            @DefaultValue("local-team") String teamId) {

        public boolean present() {
            return key != null && !key.isBlank();
        }

        @Override
        public String toString() {
            return "BootstrapKey[keyId=" + keyId + ", userId=" + userId + ", teamId=" + teamId + ", key="
                    + (present() ? "<redacted>" : "<none>") + "]";
        }
    }

    /** Kubernetes sets HOSTNAME to the pod name, which is what operators look for in a reply route. */
    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "request-ingest";
        }
    }
}
