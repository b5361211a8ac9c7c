package io.toggleworks.portal.web;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the indexed field names the editors use ({@code rule.0.cond.1.op}) out of a submitted form, so a form with
 * rows added in the browser comes back as ordered rows, whatever indices it skipped.
 */
public record FormParams(org.springframework.util.MultiValueMap<String, String> params) {

    public String get(String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() || v.getFirst() == null ? "" : v.getFirst();
    }

    public List<String> all(String name) {
        List<String> v = params.get(name);
        return v == null ? List.of() : v.stream().filter(s -> s != null && !s.isBlank()).toList();
    }

    /** Distinct numeric indices that follow {@code prefix} in field names, in ascending order. */
    public List<Integer> indices(String prefix) {
        Pattern p = Pattern.compile("^" + Pattern.quote(prefix) + "(\\d+)\\.");
        TreeSet<Integer> found = new TreeSet<>();
        for (String name : params.keySet()) {
            Matcher m = p.matcher(name);
            if (m.find()) found.add(Integer.parseInt(m.group(1)));
        }
        return List.copyOf(found);
    }

    /** Values of fields named {@code prefix + key}, keyed by the rest of the name. */
    public Map<String, String> suffixed(String prefix) {
        var out = new java.util.LinkedHashMap<String, String>();
        params.forEach((name, v) -> {
            if (name.startsWith(prefix) && !v.isEmpty()) out.put(name.substring(prefix.length()), v.getFirst());
        });
        return out;
    }

    public static List<String> splitList(String text) {
        if (text == null || text.isBlank()) return List.of();
        return Arrays.stream(text.split("[,\\n\\r]+")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    }
}
