package io.benchsuite.llm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the samples of a Prometheus text exposition (format 0.0.4, what vLLM's {@code /metrics} serves): each
 * line {@code name{labels} value [timestamp]}; {@code #} lines (HELP, TYPE) and blank lines skipped. The samples of
 * one name (one per label set) are kept in order; a line that does not parse is skipped, as Prometheus would reject
 * only that series.
 */
final class PrometheusText {

    private PrometheusText() {
    }

    /** The values of every sample in {@code text}, by metric name (labels dropped). */
    static Map<String, List<Double>> parse(String text) {
        Map<String, List<Double>> out = new HashMap<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int nameEnd = 0;
            while (nameEnd < line.length() && line.charAt(nameEnd) != '{' && line.charAt(nameEnd) != ' '
                    && line.charAt(nameEnd) != '\t') {
                nameEnd++;
            }
            String name = line.substring(0, nameEnd);
            int valueStart = nameEnd;
            if (valueStart < line.length() && line.charAt(valueStart) == '{') {
                valueStart = labelsEnd(line, valueStart);
                if (valueStart < 0) {
                    continue;
                }
            }
            String[] rest = line.substring(valueStart).strip().split("[ \t]+");
            if (name.isEmpty() || rest.length == 0 || rest[0].isEmpty()) {
                continue;
            }
            double value;
            try {
                value = switch (rest[0]) {
                    case "+Inf" -> Double.POSITIVE_INFINITY;
                    case "-Inf" -> Double.NEGATIVE_INFINITY;
                    default -> Double.parseDouble(rest[0]);
                };
            } catch (NumberFormatException e) {
                continue;
            }
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    /** The index after the closing brace of the labels opened at {@code open}, quoted values respected; -1 if none. */
    private static int labelsEnd(String line, int open) {
        boolean quoted = false;
        for (int i = open + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '}' && !quoted) {
                return i + 1;
            }
        }
        return -1;
    }
}
