package io.toggleworks.portal.flags;

import io.toggleworks.portal.apiclient.CreateFlag;
import io.toggleworks.portal.apiclient.Variation;
import io.toggleworks.portal.web.FormParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The "new flag" dialog: name, key slug, description, tags, variation type and variations, served when on / off. */
public record CreateFlagForm(String name, String key, String description, String tags, String variationType,
                             List<Variation> variations, int onIndex, int offIndex, boolean enabled) {

    public static final List<String> TYPES = List.of("boolean", "string", "number", "json");

    public static CreateFlagForm blank() {
        return new CreateFlagForm("", "", "", "", "boolean", defaults("boolean"), 0, 1, false);
    }

    static List<Variation> defaults(String type) {
        return switch (type) {
            case "string" -> List.of(v("Variation A", "Variation A"), v("Variation B", "Variation B"));
            case "number" -> List.of(v("Variation 1", "1"), v("Variation 2", "2"));
            case "json" -> List.of(v("Variation 1", "{}"), v("Variation 2", "{}"));
            default -> List.of(v("True", "true"), v("False", "false"));
        };
    }

    private static Variation v(String name, String value) {
        return new Variation(UUID.randomUUID().toString(), name, value);
    }

    public boolean fixedVariations() {
        return "boolean".equals(variationType);
    }

    public static CreateFlagForm parse(FormParams form) {
        String type = TYPES.contains(form.get("variationType")) ? form.get("variationType") : "boolean";
        return new CreateFlagForm(form.get("name"), form.get("key"), form.get("description"), form.get("tags"), type,
                VariationRows.parse(form), parseInt(form.get("onIndex"), 0), parseInt(form.get("offIndex"), 1), "on".equals(form.get("enabled")));
    }

    /** Editor actions: {@code type} (reset variations to the type's defaults), {@code addVar}, {@code removeVar:i}. */
    public CreateFlagForm apply(String action) {
        List<Variation> vars = new ArrayList<>(variations);
        int on = onIndex;
        int off = offIndex;
        if (action.equals("type")) {
            vars = new ArrayList<>(defaults(variationType));
            on = 0;
            off = 1;
        } else if (action.equals("addVar") && !fixedVariations()) {
            vars.add(v("Variation " + (vars.size() + 1), "number".equals(variationType) ? String.valueOf(vars.size() + 1) : "json".equals(variationType) ? "{}" : ""));
        } else if (action.startsWith("removeVar:") && vars.size() > 2) {
            int i = Integer.parseInt(action.substring("removeVar:".length()));
            vars.remove(i);
            on = Math.min(on, vars.size() - 1);
            off = Math.min(off, vars.size() - 1);
        }
        return new CreateFlagForm(name, key, description, tags, variationType, vars, on, off, enabled);
    }

    /** Checks the portal can make before asking the API (which validates again). */
    public Map<String, String> problems() {
        Map<String, String> p = new LinkedHashMap<>();
        if (name.isBlank()) p.put("name", "Enter a name.");
        if (key.isBlank()) p.put("key", "Enter a key.");
        else if (!key.matches("[a-zA-Z0-9._-]+")) p.put("key", "Use letters, digits, '.', '_' and '-' only.");
        p.putAll(VariationRows.problems(variations, variationType));
        return p;
    }

    public CreateFlag toRequest() {
        return new CreateFlag(name.trim(), key.trim(), enabled, description, variationType, variations,
                variations.get(Math.min(onIndex, variations.size() - 1)).id(), variations.get(Math.min(offIndex, variations.size() - 1)).id(),
                FormParams.splitList(tags));
    }

    private static int parseInt(String s, int fallback) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
