package io.llmrelay.worker.budget;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.llmrelay.schemas.CompletionRequest;

/**
 * Who a budget belongs to: a user, a team or a relay key. {@link #key()} is the key of {@code llm.budgets} and
 * {@code llm.budget.status} ({@code team:platform}).
 *
 * @param type {@code user}, {@code team} or {@code key}
 */
public record BudgetSubject(String type, String id) {

    public BudgetSubject {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
    }

    /** The request's subjects in the order they are checked: user, team (if any), key (if any). */
    public static List<BudgetSubject> of(CompletionRequest request) {
        List<BudgetSubject> subjects = new ArrayList<>(3);
        subjects.add(new BudgetSubject("user", request.getUserId()));
        if (request.getTeamId() != null && !request.getTeamId().isBlank()) {
            subjects.add(new BudgetSubject("team", request.getTeamId()));
        }
        if (request.getKeyId() != null && !request.getKeyId().isBlank()) {
            subjects.add(new BudgetSubject("key", request.getKeyId()));
        }
        return subjects;
    }

    public String key() {
        return type + ":" + id;
    }

    /** {@code team 'platform'}, for messages. */
    @Override
    public String toString() {
        return type + " '" + id + "'";
    }
}
