package io.llmrelay.worker.cost;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a price file:
 * <pre>{@code
 * {"source": "...", "effective_date": "2026-11-01",
 *  "prices": [{"provider": "openai", "model": "gpt-4o-mini", "input_micros_per_mtok": 150000,
 *              "cached_input_micros_per_mtok": 75000, "output_micros_per_mtok": 600000}]}
 * }</pre>
 * Prices are whole micro-USD per million tokens, so the file holds no floating point. A mistake fails
 * start-up naming the file, the entry and the field.
 */
final class PriceFile {

    static final String SHIPPED = "prices/default-prices.json";

    private final JsonMapper json;

    PriceFile(JsonMapper json) {
        this.json = json;
    }

    PriceTable loadShipped() {
        try (InputStream in = PriceFile.class.getClassLoader().getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IllegalStateException("price file " + SHIPPED + " is missing from the classpath");
            }
            return parse(in.readAllBytes(), "classpath:" + SHIPPED);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read price file classpath:" + SHIPPED, e);
        }
    }

    PriceTable load(Path file) {
        try {
            return parse(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read price file " + file + " (relay.worker.price-file)", e);
        }
    }

    PriceTable parse(byte[] content, String name) {
        JsonNode root;
        try {
            root = json.readTree(content);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("price file " + name + " is not JSON: " + e.getOriginalMessage(), e);
        }
        String source = text(root, "source", name);
        String effectiveDate = text(root, "effective_date", name);
        if (!root.path("prices").isArray()) {
            throw new IllegalArgumentException("price file " + name + ": 'prices' must be an array");
        }
        List<ModelPrice> prices = new ArrayList<>();
        for (int i = 0; i < root.path("prices").size(); i++) {
            JsonNode entry = root.path("prices").path(i);
            String where = name + " prices[" + i + "]";
            prices.add(new ModelPrice(text(entry, "provider", where), text(entry, "model", where),
                    micros(entry, "input_micros_per_mtok", where), micros(entry, "cached_input_micros_per_mtok", where),
                    micros(entry, "output_micros_per_mtok", where), source, effectiveDate));
        }
        return PriceTable.of(prices);
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.path(field);
        if (!value.isString() || value.stringValue().isBlank()) {
            throw new IllegalArgumentException("price file " + where + ": '" + field + "' must be a non-empty string");
        }
        return value.stringValue();
    }

    private static long micros(JsonNode node, String field, String where) {
        JsonNode value = node.path(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw new IllegalArgumentException("price file " + where + ": '" + field
                    + "' must be a whole, non-negative number of micro-USD per million tokens, was " + value);
        }
        return value.asLong();
    }
}
