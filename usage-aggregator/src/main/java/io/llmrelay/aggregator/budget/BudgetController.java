package io.llmrelay.aggregator.budget;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import io.llmrelay.aggregator.totals.Subject;
import io.llmrelay.schemas.Budget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/budgets}: list, show, set and remove the budget of a user, team or relay key.
 *
 * <p>A change is stored in {@code budgets} and published to {@code llm.budgets} in one database transaction that
 * commits only after Kafka acknowledged the record: when Kafka refuses, nothing changed (503) and the call can be
 * repeated. Setting the same budget twice is harmless (an upsert, and the topic is compacted).
 */
@RestController
@RequestMapping("/admin/budgets")
@Conditional(AdminApiEnabled.class)
class BudgetController {

    private static final Logger log = LoggerFactory.getLogger(BudgetController.class);

    private final BudgetRepository budgets;
    private final BudgetPublisher publisher;
    private final Clock clock;

    BudgetController(BudgetRepository budgets, BudgetPublisher publisher, Clock clock) {
        this.budgets = budgets;
        this.publisher = publisher;
        this.clock = clock;
    }

    @GetMapping
    Map<String, Object> list() {
        List<BudgetView> all = budgets.list();
        return Map.of("object", "list", "data", all);
    }

    @GetMapping("/{type}/{id}")
    BudgetView show(@PathVariable String type, @PathVariable String id) {
        Subject subject = BudgetRequest.subject(type, id);
        return budgets.find(subject).orElseThrow(() -> BudgetApiException.notFound(subject.key()));
    }

    @PutMapping("/{type}/{id}")
    BudgetView set(@PathVariable String type, @PathVariable String id, @RequestBody BudgetRequest request) {
        Budget budget = request.toBudget(type, id, clock.instant());
        Subject subject = new Subject(Subject.Type.of(budget.getSubjectType()), budget.getSubjectId());
        BudgetView stored = budgets.dsl().transactionResult(tx -> {
            BudgetView row = budgets.upsert(tx.dsl(), budget);
            publisher.publish(subject.key(), budget);
            return row;
        });
        log.info("budget of {} set: {} micro-USD per {}, thresholds {} %, {}", subject.key(), budget.getLimitMicros(),
                budget.getPeriod(), budget.getThresholdsPercent(), budget.getHard() ? "hard" : "soft");
        return stored;
    }

    @DeleteMapping("/{type}/{id}")
    ResponseEntity<Void> remove(@PathVariable String type, @PathVariable String id) {
        Subject subject = BudgetRequest.subject(type, id);
        boolean removed = budgets.dsl().transactionResult(tx -> {
            if (!budgets.delete(tx.dsl(), subject)) {
                return false;
            }
            publisher.publish(subject.key(), null);
            return true;
        });
        if (!removed) {
            throw BudgetApiException.notFound(subject.key());
        }
        log.info("budget of {} removed", subject.key());
        return ResponseEntity.noContent().build();
    }
}
