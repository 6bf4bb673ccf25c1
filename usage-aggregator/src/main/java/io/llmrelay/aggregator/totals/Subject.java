package io.llmrelay.aggregator.totals;

import java.util.ArrayList;
import java.util.List;

import io.llmrelay.schemas.UsageEvent;

/**
 * Whom a total belongs to. Its {@link #key()}, {@code <type>:<id>} such as {@code user:alice}, keys the topics
 * {@code llm.budgets}, {@code llm.budget.status} and {@code llm.budget.alerts}: one key space for users, teams and
 * relay keys whose ids may coincide. Ids may contain ':'; the type ends at the first one.
 */
public record Subject(Type type, String id) {

    /** Budgets exist for users, teams and keys; provider and model subjects only have totals. */
    public enum Type {
        USER("user", true), TEAM("team", true), KEY("key", true), PROVIDER("provider", false), MODEL("model", false);

        private final String label;
        private final boolean budgeted;

        Type(String label, boolean budgeted) {
            this.label = label;
            this.budgeted = budgeted;
        }

        public String label() {
            return label;
        }

        public boolean budgeted() {
            return budgeted;
        }

        /** @throws IllegalArgumentException for an unknown type */
        public static Type of(String label) {
            for (Type type : values()) {
                if (type.label.equals(label)) {
                    return type;
                }
            }
            throw new IllegalArgumentException("subject type '" + label + "' is not one of user, team, key, provider, model");
        }
    }

    public Subject {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a " + type.label + " subject needs a non-blank id");
        }
    }

    public String key() {
        return type.label + ":" + id;
    }

    /** @throws IllegalArgumentException when {@code key} is not {@code <type>:<id>} */
    public static Subject parse(String key) {
        int colon = key.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("subject key '" + key + "' is not <type>:<id>");
        }
        return new Subject(Type.of(key.substring(0, colon)), key.substring(colon + 1));
    }

    /**
     * Every subject an attempt counts for: its user, team and key when it has them, its provider, its model. A
     * blank id (which the worker should never send) leaves that subject out rather than stopping the application.
     */
    static List<Subject> of(UsageEvent event) {
        List<Subject> subjects = new ArrayList<>(5);
        addUnlessBlank(subjects, Type.USER, event.getUserId());
        addUnlessBlank(subjects, Type.TEAM, event.getTeamId());
        addUnlessBlank(subjects, Type.KEY, event.getKeyId());
        addUnlessBlank(subjects, Type.PROVIDER, event.getProvider());
        subjects.add(new Subject(Type.MODEL, event.getProvider() + "/" + event.getModel()));
        return subjects;
    }

    private static void addUnlessBlank(List<Subject> subjects, Type type, String id) {
        if (id != null && !id.isBlank()) {
            subjects.add(new Subject(type, id));
        }
    }
}
