package io.llmrelay.aggregator.totals;

import io.llmrelay.schemas.BudgetAlert;
import io.llmrelay.schemas.BudgetStatus;

/** What the spend processor emits; the topology routes each kind to its topic. Never serialized as such. */
sealed interface Outcome {

    record Alert(BudgetAlert alert) implements Outcome {
    }

    /** @param status null when the subject's budget was removed: a tombstone on the compacted status topic */
    record Status(BudgetStatus status) implements Outcome {
    }
}
