package io.llmrelay.schemas.cost;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An immutable snapshot of the {@code model_prices} table, read from PostgreSQL in the background and looked up in
 * memory, so pricing never waits on the database. The price of a model on a day is the row with the latest
 * {@code effective_from} on or before that day; none means the price file (in the worker) or the price the usage
 * event recorded (in the aggregator) stands. Days are UTC days in both services, so they agree on which price an
 * attempt made around midnight gets. Shared so that the worker and the aggregator's repricing look prices up
 * alike, dated snapshots included.
 */
public final class PriceOverrides {

    /** OpenAI answers with dated snapshots ({@code gpt-4o-mini-2024-07-18}) of the model that was asked for. */
    private static final Pattern DATED_SNAPSHOT = Pattern.compile("-\\d{4}-\\d{2}-\\d{2}$");
    private static final PriceOverrides NONE = new PriceOverrides(List.of());

    private final Map<String, NavigableMap<LocalDate, PriceOverride>> byModel;
    private final int size;

    public static PriceOverrides none() {
        return NONE;
    }

    /** @throws IllegalArgumentException when two rows price the same model from the same day */
    public static PriceOverrides of(Collection<PriceOverride> rows) {
        return new PriceOverrides(rows);
    }

    private PriceOverrides(Collection<PriceOverride> rows) {
        Map<String, NavigableMap<LocalDate, PriceOverride>> map = new HashMap<>();
        for (PriceOverride row : rows) {
            PriceOverride previous = map.computeIfAbsent(key(row.provider(), row.model()), k -> new TreeMap<>())
                    .putIfAbsent(row.effectiveFrom(), row);
            if (previous != null) {
                throw new IllegalArgumentException("model '" + row.model() + "' of provider '" + row.provider()
                        + "' has two prices effective from " + row.effectiveFrom());
            }
        }
        map.replaceAll((k, dates) -> Collections.unmodifiableNavigableMap(dates));
        this.byModel = Map.copyOf(map);
        this.size = rows.size();
    }

    /** The price in force on {@code day} for {@code model}, or for the model it is a dated snapshot of. */
    public Optional<PriceOverride> find(String provider, String model, LocalDate day) {
        if (model == null || byModel.isEmpty()) {
            return Optional.empty();
        }
        Optional<PriceOverride> exact = inForce(key(provider, model), day);
        return exact.isPresent() ? exact
                : inForce(key(provider, DATED_SNAPSHOT.matcher(model).replaceFirst("")), day);
    }

    /** {@link #find(String, String, LocalDate)} on the UTC day of {@code at}. */
    public Optional<PriceOverride> find(String provider, String model, Instant at) {
        return find(provider, model, LocalDate.ofInstant(at, ZoneOffset.UTC));
    }

    /** Rows in the snapshot. */
    public int size() {
        return size;
    }

    private Optional<PriceOverride> inForce(String key, LocalDate day) {
        NavigableMap<LocalDate, PriceOverride> dates = byModel.get(key);
        return dates == null ? Optional.empty() : Optional.ofNullable(dates.floorEntry(day)).map(Map.Entry::getValue);
    }

    private static String key(String provider, String model) {
        return provider + '\u0000' + model;
    }
}
