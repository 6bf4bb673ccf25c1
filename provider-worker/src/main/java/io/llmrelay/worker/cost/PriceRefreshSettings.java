package io.llmrelay.worker.cost;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code relay.worker.price-refresh}: how often the {@code model_prices} overrides are re-read from the worker's
 * database ({@code relay.rate-limits.datasource}); a new or corrected price applies to calls made after the next
 * read. Unused without a database.
 */
@Validated
@ConfigurationProperties("relay.worker")
public record PriceRefreshSettings(@NotNull @DurationMin(seconds = 1) @DefaultValue("60s") Duration priceRefresh) {
}
