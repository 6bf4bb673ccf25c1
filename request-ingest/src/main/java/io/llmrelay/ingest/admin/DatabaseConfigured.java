package io.llmrelay.ingest.admin;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * True when {@code relay.ingest.database.url} has a value. A blank value counts as unset, unlike with
 * {@code @ConditionalOnProperty}: application.yaml maps {@code RELAY_DB_URL} with an empty default.
 */
class DatabaseConfigured implements Condition {

    static final String URL = "relay.ingest.database.url";

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return StringUtils.hasText(context.getEnvironment().getProperty(URL));
    }
}
