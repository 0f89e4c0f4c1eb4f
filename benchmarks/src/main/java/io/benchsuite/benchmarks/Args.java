package io.benchsuite.benchmarks;

import java.util.HashMap;
import java.util.Map;

/** {@code key=value} command-line arguments of the harness mains, with defaults. */
final class Args {

    private final Map<String, String> values = new HashMap<>();

    Args(String[] args) {
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("argument '" + a + "' must look like key=value");
            }
            values.put(a.substring(0, eq), a.substring(eq + 1));
        }
    }

    long num(String key, long def) {
        String v = values.get(key);
        return v == null ? def : Long.parseLong(v.replace("_", ""));
    }

    String str(String key, String def) {
        return values.getOrDefault(key, def);
    }
}
