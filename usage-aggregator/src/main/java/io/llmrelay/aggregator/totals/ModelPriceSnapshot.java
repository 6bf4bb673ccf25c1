package io.llmrelay.aggregator.totals;

import static io.llmrelay.aggregator.db.Tables.MODEL_PRICES;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.llmrelay.schemas.cost.PriceOverride;
import io.llmrelay.schemas.cost.PriceOverrides;
import io.llmrelay.schemas.cost.TokenRates;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code model_prices} table in memory for {@link UsageRepricer}: read once before Kafka Streams starts (a
 * failure fails start-up, since repricing a replay without its prices would silently keep the old costs), then
 * every {@code relay.aggregator.totals.price-refresh} on a thread of its own. While PostgreSQL cannot be read the
 * last snapshot stays in force: one warning when reading starts failing, one line when it works again.
 */
final class ModelPriceSnapshot implements Supplier<PriceOverrides>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ModelPriceSnapshot.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final DSLContext dsl;
    private final ScheduledExecutorService scheduler;
    private volatile PriceOverrides current;
    private boolean failing;

    /** Reads the table now; throws when it cannot. */
    ModelPriceSnapshot(DSLContext dsl) {
        this.dsl = dsl;
        this.current = read();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("model-prices-refresh").daemon(true).factory());
        log.info("repricing usage with {} rows of model_prices", current.size());
    }

    void refreshEvery(Duration every) {
        scheduler.scheduleWithFixedDelay(this::refresh, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public PriceOverrides get() {
        return current;
    }

    /** Package-private for tests, which refresh on demand. */
    synchronized void refresh() {
        PriceOverrides read;
        try {
            read = read();
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                log.warn("cannot read model_prices ({}): repricing keeps the {} rows read before; retrying every"
                        + " refresh", String.valueOf(e.getMessage()).lines().findFirst().orElse(""), current.size());
            }
            return;
        }
        if (failing) {
            failing = false;
            log.info("model_prices read again");
        }
        if (read.size() != current.size()) {
            log.info("repricing usage with {} rows of model_prices", read.size());
        }
        current = read;
    }

    private PriceOverrides read() {
        return PriceOverrides.of(dsl.selectFrom(MODEL_PRICES).fetch(row -> new PriceOverride(row.getProvider(),
                row.getModel(), row.getEffectiveFrom(), new TokenRates(row.getInputMicrosPerMtok(),
                row.getCachedInputMicrosPerMtok(), row.getOutputMicrosPerMtok()), row.getSource())));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
