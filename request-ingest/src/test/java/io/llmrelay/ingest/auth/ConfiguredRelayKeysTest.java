package io.llmrelay.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import io.llmrelay.ingest.IngestProperties;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class ConfiguredRelayKeysTest {

    private static final String ALICE_KEY = "rk-alice-5b0c7e1f9d";
    private static final String BOB_KEY = "rk-bob-77aa31c2e0";

    @Test
    void findsTheCallerOfAConfiguredKey() {
        RelayKeys keys = ConfiguredRelayKeys.from(properties(List.of(alice(), bob()), noBootstrap()));

        assertThat(keys.find(ALICE_KEY)).contains(new Caller("key-alice", "alice", "team-a"));
        assertThat(keys.find(BOB_KEY)).contains(new Caller("key-bob", "bob", null));
    }

    @Test
    void findsNobodyForAnUnknownKeyOrAPrefixOfAKnownOne() {
        RelayKeys keys = ConfiguredRelayKeys.from(properties(List.of(alice()), noBootstrap()));

        assertThat(keys.find("rk-mallory")).isEmpty();
        assertThat(keys.find(ALICE_KEY.substring(0, ALICE_KEY.length() - 1))).isEmpty();
        assertThat(keys.find(ALICE_KEY + " ")).isEmpty();
    }

    @Test
    void addsTheBootstrapKeyWithItsConfiguredIds() {
        IngestProperties.BootstrapKey bootstrap = new IngestProperties.BootstrapKey("rk-local", "bootstrap",
                "local-user", "local-team");
        RelayKeys keys = ConfiguredRelayKeys.from(properties(List.of(), bootstrap));

        assertThat(keys.find("rk-local")).contains(new Caller("bootstrap", "local-user", "local-team"));
    }

    @Test
    void blankBootstrapKeyAddsNothing() {
        ConfiguredRelayKeys keys = ConfiguredRelayKeys.from(properties(List.of(alice()), noBootstrap()));

        assertThat(keys.size()).isEqualTo(1);
        assertThat(keys.find("")).isEmpty();
    }

    @Test
    void refusesTwoEntriesWithOneKeyIdNamingTheIdButNotTheKey() {
        IngestProperties.KeyEntry again = new IngestProperties.KeyEntry(BOB_KEY, "key-alice", "bob", null);

        assertThatThrownBy(() -> ConfiguredRelayKeys.from(properties(List.of(alice(), again), noBootstrap())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key-alice")
                .hasMessageNotContaining(ALICE_KEY).hasMessageNotContaining(BOB_KEY);
    }

    @Test
    void refusesOneKeyUnderTwoIdsWithoutPrintingIt() {
        IngestProperties.KeyEntry copy = new IngestProperties.KeyEntry(ALICE_KEY, "key-copy", "eve", null);

        assertThatThrownBy(() -> ConfiguredRelayKeys.from(properties(List.of(alice(), copy), noBootstrap())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key-alice").hasMessageContaining("key-copy")
                .hasMessageNotContaining(ALICE_KEY);
    }

    @Test
    void configurationNeverPrintsKeys() {
        IngestProperties properties = properties(List.of(alice()),
                new IngestProperties.BootstrapKey(BOB_KEY, "bootstrap", "local-user", "local-team"));

        assertThat(properties.toString()).doesNotContain(ALICE_KEY).doesNotContain(BOB_KEY).contains("key-alice");
    }

    @Test
    void fingerprintIsShortStableAndNotTheKey() {
        String fingerprint = KeyHash.fingerprint(ALICE_KEY);

        assertThat(fingerprint).hasSize(8).matches("[0-9a-f]{8}").isEqualTo(KeyHash.fingerprint(ALICE_KEY))
                .isNotEqualTo(KeyHash.fingerprint(BOB_KEY));
        assertThat(ALICE_KEY).doesNotContain(fingerprint);
    }

    @Test
    void readsTheKeyOfABearerAuthorizationHeaderOnly() {
        assertThat(BearerAuthInterceptor.bearerKey("Bearer " + ALICE_KEY)).isEqualTo(ALICE_KEY);
        assertThat(BearerAuthInterceptor.bearerKey("bearer   " + ALICE_KEY + " ")).isEqualTo(ALICE_KEY);
        assertThat(BearerAuthInterceptor.bearerKey("Basic YWxpY2U6c2VjcmV0")).isNull();
        assertThat(BearerAuthInterceptor.bearerKey("Bearer ")).isNull();
        assertThat(BearerAuthInterceptor.bearerKey(null)).isNull();
    }

    private static IngestProperties.KeyEntry alice() {
        return new IngestProperties.KeyEntry(ALICE_KEY, "key-alice", "alice", "team-a");
    }

    private static IngestProperties.KeyEntry bob() {
        return new IngestProperties.KeyEntry(BOB_KEY, "key-bob", "bob", "");
    }

    private static IngestProperties.BootstrapKey noBootstrap() {
        return new IngestProperties.BootstrapKey("", "bootstrap", "local-user", "local-team");
    }

    private static IngestProperties properties(List<IngestProperties.KeyEntry> keys,
                                               IngestProperties.BootstrapKey bootstrap) {
        return new IngestProperties(0, "test", Duration.ofSeconds(60), DataSize.ofMegabytes(1), List.of("m"), keys,
                bootstrap, new IngestProperties.Database(null, "llmrelay", null, "relay_ingest", 2), Duration.ofSeconds(2),
                null);
    }
}
