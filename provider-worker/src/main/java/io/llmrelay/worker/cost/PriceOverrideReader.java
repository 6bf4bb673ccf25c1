package io.llmrelay.worker.cost;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.llmrelay.schemas.cost.PriceOverride;
import io.llmrelay.schemas.cost.PriceOverrides;
import io.llmrelay.schemas.cost.TokenRates;

/**
 * Reads the whole {@code model_prices} table (usage-aggregator's migration {@code V8__model_prices.sql}): a few rows
 * per model ever corrected, so a full read every refresh is cheaper than any bookkeeping of changes.
 */
final class PriceOverrideReader {

    static final String TABLE = "model_prices";
    private static final String SELECT = "SELECT provider, model, effective_from, input_micros_per_mtok,"
            + " cached_input_micros_per_mtok, output_micros_per_mtok, source FROM " + TABLE;

    private final DataSource dataSource;

    PriceOverrideReader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    PriceOverrides read() throws SQLException {
        List<PriceOverride> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(SELECT)) {
            while (result.next()) {
                rows.add(new PriceOverride(result.getString("provider"), result.getString("model"),
                        result.getObject("effective_from", LocalDate.class),
                        new TokenRates(result.getLong("input_micros_per_mtok"),
                                result.getLong("cached_input_micros_per_mtok"), result.getLong("output_micros_per_mtok")),
                        result.getString("source")));
            }
        }
        return PriceOverrides.of(rows);
    }
}
