package io.llmrelay.ingest.api;

import tools.jackson.databind.JsonNode;

/**
 * Reads one field of a request body and refuses it the way OpenAI does: the same codes
 * ({@code missing_required_parameter}, {@code invalid_type}, ...) and messages of the same shape, with {@code param}
 * naming the field. A JSON null counts as absent for optional fields, as in OpenAI's API.
 */
final class RequestFields {

    private RequestFields() {
    }

    static boolean absent(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode();
    }

    static String requiredString(JsonNode value, String param) {
        if (absent(value)) {
            throw missing(param);
        }
        if (!value.isString()) {
            throw invalidType(param, "a string", value);
        }
        if (value.stringValue().isEmpty()) {
            throw ApiException.invalid(param, "empty_string", "Invalid '" + param
                    + "': empty string. Expected a string with minimum length 1, but got an empty string instead.");
        }
        return value.stringValue();
    }

    static String optionalString(JsonNode value, String param) {
        if (absent(value)) {
            return null;
        }
        if (!value.isString()) {
            throw invalidType(param, "a string", value);
        }
        return value.stringValue();
    }

    static boolean optionalBoolean(JsonNode value, String param) {
        if (absent(value)) {
            return false;
        }
        if (!value.isBoolean()) {
            throw invalidType(param, "a boolean", value);
        }
        return value.booleanValue();
    }

    /** A number in [min, max], or null when absent. */
    static Double optionalNumber(JsonNode value, String param, double min, double max) {
        if (absent(value)) {
            return null;
        }
        if (!value.isNumber()) {
            throw invalidType(param, "a number", value);
        }
        // Jackson 3's doubleValue() throws for a big integer or decimal beyond double's range (a 500 before this);
        // BigDecimal.doubleValue() gives an infinity there instead, which the range checks below refuse
        double number = value.isBigInteger() || value.isBigDecimal() ? value.decimalValue().doubleValue()
                : value.doubleValue();
        if (number < min) {
            throw ApiException.invalid(param, "decimal_below_min_value", "Invalid '" + param
                    + "': decimal below minimum value. Expected a value >= " + plain(min) + ", but got "
                    + value + " instead.");
        }
        if (number > max) {
            throw ApiException.invalid(param, "decimal_above_max_value", "Invalid '" + param
                    + "': decimal above maximum value. Expected a value <= " + plain(max) + ", but got "
                    + value + " instead.");
        }
        return number;
    }

    /** An integer of at least {@code min}, or null when absent. */
    static Integer optionalInteger(JsonNode value, String param, int min) {
        if (absent(value)) {
            return null;
        }
        if (!value.isIntegralNumber()) {
            throw invalidType(param, "an integer", value);
        }
        if (!value.canConvertToInt()) {
            throw ApiException.invalid(param, "integer_out_of_range", "Invalid '" + param
                    + "': integer out of range. Expected a value between " + min + " and " + Integer.MAX_VALUE
                    + ", but got " + value + " instead.");
        }
        if (value.intValue() < min) {
            throw ApiException.invalid(param, "integer_below_min_value", "Invalid '" + param
                    + "': integer below minimum value. Expected a value >= " + min + ", but got " + value
                    + " instead.");
        }
        return value.intValue();
    }

    static ApiException missing(String param) {
        return ApiException.invalid(param, "missing_required_parameter",
                "Missing required parameter: '" + param + "'.");
    }

    static ApiException invalidType(String param, String expected, JsonNode actual) {
        return ApiException.invalid(param, "invalid_type", "Invalid type for '" + param + "': expected " + expected
                + ", but got " + describe(actual) + " instead.");
    }

    static String describe(JsonNode node) {
        if (absent(node)) {
            return "null";
        }
        if (node.isString()) {
            return "a string";
        }
        if (node.isIntegralNumber()) {
            return "an integer";
        }
        if (node.isNumber()) {
            return "a decimal";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isArray()) {
            return "an array";
        }
        return "an object";
    }

    private static String plain(double bound) {
        return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }
}
