package io.toggleworks.benchmarks.load;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --name=value} command-line options, with defaults at the point of use. */
final class Args {
    private final Map<String, String> values = new LinkedHashMap<>();

    Args(String[] args, int from) {
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("expected --name=value, got " + a);
            }
            int eq = a.indexOf('=');
            values.put(eq < 0 ? a.substring(2) : a.substring(2, eq), eq < 0 ? "true" : a.substring(eq + 1));
        }
    }

    String get(String name, String dflt) {
        return values.getOrDefault(name, dflt);
    }

    int getInt(String name, int dflt) {
        return Integer.parseInt(get(name, String.valueOf(dflt)));
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
