package io.llmrelay.aggregator.audit;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code relay.aggregator.audit.*}: the audit writer ({@code llm.audit} → {@code audit_events}). Batch size, poll
 * timeout and retry back-off are the usage writer's ({@code relay.aggregator.*}).
 *
 * @param groupId consumer group of its own, so the audit trail is read independently of usage
 */
@Validated
@ConfigurationProperties("relay.aggregator.audit")
public record AuditProperties(@NotBlank @DefaultValue("llm-relay-audit-aggregator") String groupId) {
}
