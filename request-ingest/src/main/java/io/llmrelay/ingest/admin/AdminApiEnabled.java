package io.llmrelay.ingest.admin;

import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * The key admin API exists only with a database and an admin credential ({@code relay.ingest.admin-key}, from
 * {@code RELAY_ADMIN_KEY}); otherwise {@code /admin/**} is an unknown path (404).
 */
class AdminApiEnabled extends DatabaseConfigured {

    static final String ADMIN_KEY = "relay.ingest.admin-key";

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return super.matches(context, metadata) && StringUtils.hasText(context.getEnvironment().getProperty(ADMIN_KEY));
    }
}
