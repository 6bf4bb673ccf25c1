package io.llmrelay.worker.budget;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Holds in this worker's memory, for a relay without a database: exact for one worker, but with N replicas a subject
 * may have up to N times its remaining budget in flight (said in a warning at start-up). One lock for all subjects:
 * each decision is a few map operations.
 */
final class LocalReservations implements ReservationStore {

    private record Held(String subject, String period, long micros, Instant expiresAt) {
    }

    private final Map<UUID, List<Held>> byId = new HashMap<>();

    @Override
    public synchronized Optional<BudgetDenial.Refusal> reserve(UUID id, List<BudgetStatusView.HardBudget> budgets,
                                                               long micros, Instant expiresAt, Instant now) {
        byId.values().removeIf(holds -> !holds.getFirst().expiresAt().isAfter(now));
        for (BudgetStatusView.HardBudget budget : budgets) {
            long held = byId.values().stream().flatMap(List::stream)
                    .filter(h -> h.subject().equals(budget.subject().key()) && h.period().equals(budget.period()))
                    .mapToLong(Held::micros).sum();
            long left = budget.limitMicros() - budget.spentMicros() - held;
            if (micros > left) {
                return Optional.of(new BudgetDenial.Refusal(budget.subject(), budget.period(), micros,
                        Math.max(0, left), budget.limitMicros()));
            }
        }
        List<Held> holds = new ArrayList<>(budgets.size());
        for (BudgetStatusView.HardBudget budget : budgets) {
            holds.add(new Held(budget.subject().key(), budget.period(), micros, expiresAt));
        }
        byId.put(id, holds);
        return Optional.empty();
    }

    @Override
    public synchronized void remove(UUID id) {
        byId.remove(id);
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public void close() {
    }
}
