package io.llmrelay.worker.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.llmrelay.schemas.Price;
import io.llmrelay.schemas.TokenUsage;
import io.llmrelay.testkit.SharedInfra;
import io.llmrelay.testkit.postgres.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pricing over a real PostgreSQL holding the aggregator's {@code model_prices} table, created by the aggregator's
 * own migration so that the worker's query is checked against the real schema.
 */
class PriceOverridesIT {

    /** The migration that creates the table, as Flyway applies it in the aggregator (tests run in the module). */
    private static final Path MIGRATION = Path.of("../usage-aggregator/src/main/resources/db/migration/V8__model_prices.sql");
    /** 1000 prompt tokens (200 of them cached) and 500 completion tokens. */
    private static final TokenUsage USAGE = new TokenUsage(1000, 500, 200);
    private static final Clock TODAY = Clock.fixed(Instant.parse("2026-11-26T23:59:00Z"), ZoneOffset.UTC);
    private static final PriceTable FILE = PriceTable.of(List.of(new ModelPrice("openai", "gpt-4o-mini", 150_000,
            75_000, 600_000, "price file", "2026-11-01")));
    /** The file's price: 800 x 0.15 + 200 x 0.075 + 500 x 0.6 = 435 micro-USD. */
    private static final long FILE_COST = 435;

    private final PostgresServer postgres = SharedInfra.postgres();
    private HikariDataSource dataSource;
    private PriceOverrideRefresher refresher;
    private Pricing pricing;

    @BeforeEach
    void connect() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.createDatabase("prices_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt())));
        config.setUsername(postgres.username());
        config.setPassword(postgres.password());
        config.setMaximumPoolSize(2);
        dataSource = new HikariDataSource(config);
        refresher = new PriceOverrideRefresher(new PriceOverrideReader(dataSource), dataSource::close);
        pricing = new Pricing(FILE, refresher, TODAY);
    }

    @AfterEach
    void close() {
        refresher.close();
    }

    @Test
    void anInsertedOverrideInForceTodayPricesCallsAfterTheNextRefreshAndSaysWhereItCameFrom() throws Exception {
        migrate();
        refresher.start(Duration.ofSeconds(1));
        assertThat(pricing.cost("openai", "gpt-4o-mini", USAGE).micros()).isEqualTo(FILE_COST);

        sql("INSERT INTO model_prices (provider, model, input_micros_per_mtok, cached_input_micros_per_mtok,"
                + " output_micros_per_mtok, effective_from, source)"
                + " VALUES ('openai', 'gpt-4o-mini', 300000, 150000, 1200000, DATE '2026-11-26', 'ticket FIN-42')");

        // 800 x 0.3 + 200 x 0.15 + 500 x 1.2 = 870
        await().atMost(Duration.ofSeconds(20))
                .until(() -> pricing.cost("openai", "gpt-4o-mini", USAGE).micros() == 870);
        Cost cost = pricing.cost("openai", "gpt-4o-mini-2024-07-18", USAGE);
        assertThat(cost.micros()).as("a dated snapshot takes its model's override").isEqualTo(870);
        assertThat(cost.priceAvro()).isEqualTo(new Price(300_000L, 150_000L, 1_200_000L, "ticket FIN-42", "2026-11-26"));
        assertThat(pricing.price("openai", "gpt-4o-mini")).get().extracting(ModelPrice::source).isEqualTo("ticket FIN-42");
    }

    @Test
    void theLatestOverrideInForceWinsAndOneEffectiveTomorrowDoesNotApplyYet() throws Exception {
        migrate();
        sql("INSERT INTO model_prices (provider, model, input_micros_per_mtok, cached_input_micros_per_mtok,"
                + " output_micros_per_mtok, effective_from, source) VALUES"
                + " ('openai', 'gpt-4o-mini', 1000000, 1000000, 1000000, DATE '2026-10-01', 'old correction'),"
                + " ('openai', 'gpt-4o-mini', 2000000, 2000000, 2000000, DATE '2026-11-20', 'current correction'),"
                + " ('openai', 'gpt-4o-mini', 9000000, 9000000, 9000000, DATE '2026-11-27', 'announced for tomorrow'),"
                + " ('openai', 'gpt-4o', 1, 1, 1, DATE '2026-11-27', 'announced for tomorrow')");

        refresher.refresh();

        // 1500 tokens at 2 USD per million
        assertThat(pricing.cost("openai", "gpt-4o-mini", USAGE).micros()).isEqualTo(3000);
        assertThat(pricing.cost("openai", "gpt-4o-mini", USAGE).priceAvro().getSource()).isEqualTo("current correction");
        assertThat(pricing.cost("openai", "gpt-4o", USAGE).priced())
                .as("a model whose only override starts tomorrow is as unpriced today as the file says").isFalse();
        assertThat(pricing.cost("anthropic", "gpt-4o-mini", USAGE).priced()).as("overrides are per provider").isFalse();
    }

    @Test
    void withoutTheTableThePriceFileStandsUntilTheTableAppears() throws Exception {
        refresher.refresh();
        assertThat(pricing.cost("openai", "gpt-4o-mini", USAGE).micros()).isEqualTo(FILE_COST);

        migrate();
        sql("INSERT INTO model_prices (provider, model, input_micros_per_mtok, cached_input_micros_per_mtok,"
                + " output_micros_per_mtok, effective_from, source)"
                + " VALUES ('openai', 'gpt-4o-mini', 0, 0, 0, DATE '2026-01-01', 'promotion')");
        refresher.refresh();

        Cost cost = pricing.cost("openai", "gpt-4o-mini", USAGE);
        assertThat(cost.micros()).isZero();
        assertThat(cost.priced()).as("a free model is priced at zero, not unpriced").isTrue();
    }

    @Test
    void aDatabaseThatGoesAwayKeepsTheOverridesReadBefore() throws Exception {
        migrate();
        sql("INSERT INTO model_prices (provider, model, input_micros_per_mtok, cached_input_micros_per_mtok,"
                + " output_micros_per_mtok, effective_from, source)"
                + " VALUES ('openai', 'gpt-4o-mini', 2000000, 2000000, 2000000, DATE '2026-11-01', 'correction')");
        refresher.refresh();

        dataSource.close();
        refresher.refresh();

        assertThat(pricing.cost("openai", "gpt-4o-mini", USAGE).micros()).isEqualTo(3000);
    }

    private void migrate() throws IOException, SQLException {
        sql(Files.readString(MIGRATION));
    }

    private void sql(String statements) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(statements);
        }
    }
}
