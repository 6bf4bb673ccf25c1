package io.llmrelay.ingest.budget;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a request the {@link BudgetGate} refused: 402 {@code insufficient_quota} / {@code budget_exceeded} in
 * OpenAI's error format, the answer a worker's REJECTED result gets too. The OpenAI SDKs do not retry a 402
 * ({@code x-should-retry: false} says so to those that read it). Ordered before the API's catch-all handler so it
 * never becomes a 500.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class BudgetErrorHandler {

    private final MeterRegistry registry;

    BudgetErrorHandler(MeterRegistry registry) {
        this.registry = registry;
    }

    @ExceptionHandler(BudgetExceededException.class)
    ResponseEntity<Map<String, Object>> budgetExceeded(BudgetExceededException e) {
        Counter.builder("relay.ingest.budget.rejections")
                .description("Requests refused before Kafka because a budget of their user, team or key is exhausted")
                .tag("subject", e.subjectType())
                .register(registry).increment();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("message", e.getMessage());
        detail.put("type", "insufficient_quota");
        detail.put("param", null);
        detail.put("code", "budget_exceeded");
        return ResponseEntity.status(HttpStatus.PAYMENT_REQUIRED).header("x-should-retry", "false")
                .body(Map.of("error", detail));
    }
}
