package io.toggleworks.portal.flags;

import io.toggleworks.portal.apiclient.Condition;
import io.toggleworks.portal.web.FormParams;
import java.util.List;
import java.util.UUID;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * One condition as the editor shows it: multi-value operators and segment conditions are edited as lists, while the
 * wire keeps them as a JSON array string in {@code value}.
 */
public record ConditionRow(String id, String property, String op, String value, List<String> segmentIds) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public boolean segment() {
        return Operators.isSegmentProperty(property);
    }

    public static ConditionRow blank() {
        return new ConditionRow(UUID.randomUUID().toString(), "", "Equal", "", List.of());
    }

    public static ConditionRow from(Condition c) {
        if (Operators.isSegmentProperty(c.property())) {
            return new ConditionRow(c.id(), c.property(), "", "", parseArray(c.value()));
        }
        String value = Operators.of(c.op()).multi() ? String.join(", ", parseArray(c.value())) : c.value();
        return new ConditionRow(c.id(), c.property(), c.op(), value == null ? "" : value, List.of());
    }

    /** Reads fields {@code <prefix>id, property, op, value, segments}. */
    public static ConditionRow parse(FormParams form, String prefix) {
        String id = form.get(prefix + "id");
        return new ConditionRow(id.isBlank() ? UUID.randomUUID().toString() : id, form.get(prefix + "property").trim(),
                form.get(prefix + "op"), form.get(prefix + "value"), form.all(prefix + "segments"));
    }

    public Condition toCondition() {
        if (segment()) {
            return new Condition(id, property, "", JSON.writeValueAsString(segmentIds));
        }
        var o = Operators.of(op);
        String wire = o.multi() ? JSON.writeValueAsString(FormParams.splitList(value)) : o.noValue() ? "" : value;
        return new Condition(id, property, o.value(), wire);
    }

    /** Null when fine, else what to fix. */
    public String problem(boolean segmentsAllowed) {
        if (property.isBlank()) return "Choose a property.";
        if (segment()) {
            if (!segmentsAllowed) return "Segment conditions are not allowed here.";
            return segmentIds.isEmpty() ? "Choose at least one segment." : null;
        }
        var o = Operators.of(op);
        if (!o.noValue() && value.isBlank()) return "Enter a value.";
        if (op.startsWith("Less") || op.startsWith("Bigger")) {
            try {
                Double.parseDouble(value.trim());
            } catch (NumberFormatException e) {
                return "Enter a number.";
            }
        }
        if (op.endsWith("Regex")) {
            try {
                java.util.regex.Pattern.compile(value);
            } catch (java.util.regex.PatternSyntaxException e) {
                return "This is not a valid regular expression.";
            }
        }
        return null;
    }

    static List<String> parseArray(String json) {
        if (json == null || json.isBlank()) return List.of();
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() {});
        } catch (RuntimeException e) {
            return List.of(json);
        }
    }
}
