package io.toggleworks.portal.flags;

import io.toggleworks.portal.apiclient.Variation;
import io.toggleworks.portal.web.FormParams;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/** Variation rows of a form ({@code var.<i>.id/name/value}) and the checks each variation type needs. */
public final class VariationRows {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private VariationRows() {}

    public static List<Variation> parse(FormParams form) {
        List<Variation> out = new ArrayList<>();
        for (int i : form.indices("var.")) {
            String id = form.get("var." + i + ".id");
            out.add(new Variation(id.isBlank() ? UUID.randomUUID().toString() : id, form.get("var." + i + ".name").trim(), form.get("var." + i + ".value")));
        }
        return out;
    }

    public static Map<String, String> problems(List<Variation> variations, String type) {
        Map<String, String> p = new LinkedHashMap<>();
        if (variations.size() < 2) p.put("variations", "A flag needs at least two variations.");
        Set<String> values = new HashSet<>();
        for (int i = 0; i < variations.size(); i++) {
            Variation v = variations.get(i);
            if (v.name().isBlank()) p.put("var." + i + ".name", "Enter a name.");
            String value = v.value() == null ? "" : v.value().trim();
            if (!values.add(value)) p.put("var." + i + ".value", "Each variation needs a different value.");
            switch (type) {
                case "number" -> {
                    try {
                        Double.parseDouble(value);
                    } catch (NumberFormatException e) {
                        p.put("var." + i + ".value", "Enter a number.");
                    }
                }
                case "json" -> {
                    try {
                        JSON.readTree(value);
                    } catch (RuntimeException e) {
                        p.put("var." + i + ".value", "Enter valid JSON.");
                    }
                }
                case "boolean" -> {
                    if (!value.equals("true") && !value.equals("false")) p.put("var." + i + ".value", "Boolean values are true and false.");
                }
                default -> { }
            }
        }
        return p;
    }
}
