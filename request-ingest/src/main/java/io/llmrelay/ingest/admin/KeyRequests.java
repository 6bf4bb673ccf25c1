package io.llmrelay.ingest.admin;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and validates admin request bodies: every field's type, size and range, unknown fields refused (a typo such
 * as {@code rpm} must not silently create an unlimited key), models only from {@code relay.ingest.models}.
 */
final class KeyRequests {

    static final int MAX_ID_CHARS = 200;
    static final int MAX_MODELS = 100;
    static final int MAX_RPM = 1_000_000;
    static final Duration MAX_GRACE = Duration.ofDays(7);
    static final Duration DEFAULT_GRACE = Duration.ofHours(1);

    private static final Set<String> CREATE_FIELDS = Set.of("user_id", "team_id", "allowed_models", "expires_at",
            "rpm_limit", "budget_micro_usd");
    private static final Set<String> ROTATE_FIELDS = Set.of("grace_period");

    private final JsonMapper json;
    private final Set<String> servedModels;

    KeyRequests(JsonMapper json, List<String> servedModels) {
        this.json = json;
        this.servedModels = Set.copyOf(servedModels);
    }

    KeySpec create(byte[] body, Instant now) {
        JsonNode request = object(body, CREATE_FIELDS);
        Instant expiresAt = expiresAt(request.get("expires_at"), now);
        return new KeySpec(id(request.get("user_id"), "user_id", true), id(request.get("team_id"), "team_id", false),
                models(request.get("allowed_models")), expiresAt,
                (Integer) number(request.get("rpm_limit"), "rpm_limit", 1, MAX_RPM, true),
                (Long) number(request.get("budget_micro_usd"), "budget_micro_usd", 0, Long.MAX_VALUE, false));
    }

    /** The grace period of a rotation; an empty body means {@link #DEFAULT_GRACE}. */
    Duration grace(byte[] body) {
        if (body == null || body.length == 0) {
            return DEFAULT_GRACE;
        }
        JsonNode value = object(body, ROTATE_FIELDS).get("grace_period");
        if (absent(value)) {
            return DEFAULT_GRACE;
        }
        if (!value.isString()) {
            throw AdminException.invalid("grace_period", "invalid_type", "grace_period must be an ISO-8601 duration "
                    + "string such as \"PT1H\".");
        }
        try {
            Duration grace = Duration.parse(value.stringValue());
            if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
                throw AdminException.invalid("grace_period", "invalid_value", "grace_period must be between PT0S "
                        + "and " + MAX_GRACE + ".");
            }
            return grace;
        } catch (DateTimeParseException e) {
            throw AdminException.invalid("grace_period", "invalid_value", "grace_period must be an ISO-8601 duration "
                    + "string such as \"PT1H\".");
        }
    }

    private JsonNode object(byte[] body, Set<String> allowed) {
        JsonNode tree;
        try {
            tree = body == null || body.length == 0 ? null : json.readTree(body);
        } catch (JacksonException e) {
            tree = null;
        }
        if (tree == null || !tree.isObject()) {
            throw AdminException.invalid(null, null, "The body must be a JSON object.");
        }
        for (Map.Entry<String, JsonNode> field : tree.properties()) {
            if (!allowed.contains(field.getKey())) {
                throw AdminException.invalid(bounded(field.getKey()), "unknown_parameter", "Unknown parameter '"
                        + bounded(field.getKey()) + "'; allowed: " + allowed.stream().sorted().toList() + ".");
            }
        }
        return tree;
    }

    private static String id(JsonNode value, String param, boolean required) {
        if (absent(value)) {
            if (required) {
                throw AdminException.invalid(param, "missing_required_parameter", "Missing required parameter: '"
                        + param + "'.");
            }
            return null;
        }
        if (!value.isString()) {
            throw AdminException.invalid(param, "invalid_type", param + " must be a string.");
        }
        String id = value.stringValue();
        if (id.isBlank() || id.length() > MAX_ID_CHARS || !id.strip().equals(id)
                || id.chars().anyMatch(Character::isISOControl)) {
            throw AdminException.invalid(param, "invalid_value", param + " must be 1 to " + MAX_ID_CHARS
                    + " characters without control characters or surrounding spaces.");
        }
        return id;
    }

    private Set<String> models(JsonNode value) {
        if (absent(value)) {
            return null;
        }
        if (!value.isArray()) {
            throw AdminException.invalid("allowed_models", "invalid_type", "allowed_models must be an array of model "
                    + "names, or null for every model.");
        }
        if (value.isEmpty() || value.size() > MAX_MODELS) {
            throw AdminException.invalid("allowed_models", "invalid_value", "allowed_models must hold 1 to "
                    + MAX_MODELS + " models (null allows every model).");
        }
        Set<String> models = new LinkedHashSet<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode model = value.get(i);
            String param = "allowed_models[" + i + "]";
            if (!model.isString()) {
                throw AdminException.invalid(param, "invalid_type", param + " must be a string.");
            }
            if (!servedModels.contains(model.stringValue())) {
                throw AdminException.invalid(param, "model_not_found", "The model `" + bounded(model.stringValue())
                        + "` is not served by this relay (relay.ingest.models).");
            }
            models.add(model.stringValue());
        }
        return models;
    }

    private static Instant expiresAt(JsonNode value, Instant now) {
        if (absent(value)) {
            return null;
        }
        if (!value.isString()) {
            throw AdminException.invalid("expires_at", "invalid_type", "expires_at must be an ISO-8601 instant string "
                    + "such as \"2027-01-31T00:00:00Z\".");
        }
        Instant expiresAt;
        try {
            expiresAt = Instant.parse(value.stringValue());
        } catch (DateTimeException e) {
            throw AdminException.invalid("expires_at", "invalid_value", "expires_at must be an ISO-8601 instant "
                    + "with a zone, such as \"2027-01-31T00:00:00Z\".");
        }
        if (!expiresAt.isAfter(now)) {
            throw AdminException.invalid("expires_at", "invalid_value", "expires_at must be in the future.");
        }
        return expiresAt;
    }

    private static Number number(JsonNode value, String param, long min, long max, boolean asInt) {
        if (absent(value)) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw AdminException.invalid(param, "invalid_type", param + " must be an integer.");
        }
        long number = value.longValue();
        if (number < min || number > max) {
            throw AdminException.invalid(param, "invalid_value", param + " must be between " + min + " and " + max
                    + ".");
        }
        return asInt ? (Number) Math.toIntExact(number) : (Number) number;
    }

    private static boolean absent(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode();
    }

    private static String bounded(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "…";
    }
}
