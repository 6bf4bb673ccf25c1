package io.llmrelay.ingest.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class KeyRequestsTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    private final KeyRequests requests = new KeyRequests(JsonMapper.builder().build(), List.of("gpt-4o", "mock-model"));

    @Test
    void readsEveryFieldOfACreation() {
        KeySpec spec = requests.create(bytes("{\"user_id\":\"alice\",\"team_id\":\"research\","
                + "\"allowed_models\":[\"gpt-4o\",\"mock-model\",\"gpt-4o\"],\"expires_at\":\"2027-01-01T00:00:00Z\","
                + "\"rpm_limit\":600,\"budget_micro_usd\":25000000}"), NOW);

        assertThat(spec).isEqualTo(new KeySpec("alice", "research", java.util.Set.of("gpt-4o", "mock-model"),
                Instant.parse("2027-01-01T00:00:00Z"), 600, 25_000_000L));
    }

    @Test
    void leavesOptionalFieldsNullWhenAbsentOrNull() {
        KeySpec spec = requests.create(bytes("{\"user_id\":\"bob\",\"team_id\":null,\"allowed_models\":null}"), NOW);

        assertThat(spec).isEqualTo(new KeySpec("bob", null, null, null, null, null));
    }

    @Test
    void refusesAnRpmLimitOverTheMaximumAndABudgetBeyondALong() {
        assertThatThrownBy(() -> requests.create(bytes("{\"user_id\":\"u\",\"rpm_limit\":1000001}"), NOW))
                .isInstanceOfSatisfying(AdminException.class, e -> assertThat(e.param()).isEqualTo("rpm_limit"));
        assertThatThrownBy(() -> requests.create(bytes("{\"user_id\":\"u\",\"budget_micro_usd\":"
                + "99999999999999999999}"), NOW))
                .isInstanceOfSatisfying(AdminException.class, e -> assertThat(e.param())
                        .isEqualTo("budget_micro_usd"));
    }

    @Test
    void refusesControlCharactersAndSurroundingSpacesInIds() {
        for (String id : List.of(" alice", "alice ", "al\\nice", "al\\u0000ice")) {
            assertThatThrownBy(() -> requests.create(bytes("{\"user_id\":\"" + id + "\"}"), NOW))
                    .as(id).isInstanceOfSatisfying(AdminException.class, e -> assertThat(e.param())
                            .isEqualTo("user_id"));
        }
    }

    @Test
    void refusesMoreThanAHundredModels() {
        String models = "\"mock-model\",".repeat(KeyRequests.MAX_MODELS) + "\"gpt-4o\"";

        assertThatThrownBy(() -> requests.create(bytes("{\"user_id\":\"u\",\"allowed_models\":[" + models + "]}"),
                NOW)).isInstanceOfSatisfying(AdminException.class, e -> assertThat(e.param())
                        .isEqualTo("allowed_models"));
    }

    @Test
    void readsTheGracePeriodWithAnHourAsTheDefault() {
        assertThat(requests.grace(bytes("{\"grace_period\":\"PT15M\"}"))).isEqualTo(Duration.ofMinutes(15));
        assertThat(requests.grace(bytes("{}"))).isEqualTo(Duration.ofHours(1));
        assertThat(requests.grace(new byte[0])).isEqualTo(Duration.ofHours(1));
        assertThat(requests.grace(bytes("{\"grace_period\":\"P7D\"}"))).isEqualTo(Duration.ofDays(7));
        assertThatThrownBy(() -> requests.grace(bytes("{\"grace_period\":3600}")))
                .isInstanceOf(AdminException.class);
        assertThatThrownBy(() -> requests.grace(bytes("{\"grace\":\"PT1H\"}")))
                .isInstanceOfSatisfying(AdminException.class, e -> assertThat(e.code()).isEqualTo("unknown_parameter"));
    }

    @Test
    void newKeysAndIdsHaveTheDocumentedShapeAndDiffer() {
        NewKeys newKeys = new NewKeys();

        assertThat(newKeys.key()).matches("rk-[A-Za-z0-9_-]{43}").isNotEqualTo(newKeys.key());
        assertThat(newKeys.publicId()).matches("rk_[a-z2-7]{20}").isNotEqualTo(newKeys.publicId());
    }

    @Test
    void anIssuedKeyNeverPrintsItsKey() {
        KeyView view = new KeyView("rk_abc", "u", null, null, null, null, null, NOW, null, null, null, "active");

        assertThat(new IssuedKey(view, "rk-secret-material").toString()).doesNotContain("secret-material");
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
