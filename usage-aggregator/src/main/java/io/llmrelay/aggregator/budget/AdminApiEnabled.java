package io.llmrelay.aggregator.budget;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/** The budget admin API exists only with an admin credential; otherwise {@code /admin/**} is an unknown path (404). */
class AdminApiEnabled implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return StringUtils.hasText(context.getEnvironment().getProperty(AdminKeyProperties.PROPERTY));
    }
}
