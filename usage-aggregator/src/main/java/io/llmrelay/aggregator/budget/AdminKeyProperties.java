package io.llmrelay.aggregator.budget;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code relay.aggregator.admin-key} (from {@code RELAY_ADMIN_KEY}): the credential of the budget admin API. Unset
 * or blank, the API does not exist ({@code /admin/**} answers 404).
 */
@ConfigurationProperties("relay.aggregator")
public record AdminKeyProperties(String adminKey) {

    static final String PROPERTY = "relay.aggregator.admin-key";

    @Override
    public String toString() {
        return "AdminKeyProperties[adminKey=<redacted>]";
    }
}
