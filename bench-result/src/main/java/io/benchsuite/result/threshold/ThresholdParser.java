package io.benchsuite.result.threshold;

import io.benchsuite.result.threshold.Threshold.Metric;
import io.benchsuite.result.threshold.Threshold.Operator;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses threshold expressions; see {@link Threshold} and {@link ChangeThreshold} for the syntax. */
final class ThresholdParser {

    private static final Pattern SCOPE = Pattern.compile("^\\s*workers\\s*=\\s*([^:\\s]*)\\s*:(.*)$",
            Pattern.DOTALL);
    private static final Pattern RATE_SCOPE = Pattern.compile("^\\s*rate\\s*=\\s*([^:\\s]*)\\s*:(.*)$",
            Pattern.DOTALL);
    private static final Pattern OVERALL = Pattern.compile("^\\s*overall\\s*:(.*)$", Pattern.DOTALL);
    private static final Pattern OPERATOR = Pattern.compile("<=|>=|==|!=|=<|=>|<|>|=");
    private static final Pattern VALUE = Pattern.compile("^([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))\\s*(.*)$");

    private ThresholdParser() {
    }

    static Criterion parseAny(String expression) {
        if (expression == null || expression.isBlank()) {
            throw error(String.valueOf(expression), "is empty");
        }
        String expr = expression.strip();
        String rest = expr;
        Integer workers = null;
        Double rate = null;
        Matcher scope = SCOPE.matcher(rest);
        Matcher rateScope = RATE_SCOPE.matcher(rest);
        Matcher overall = OVERALL.matcher(rest);
        if (rateScope.matches()) {
            String text = rateScope.group(1).replaceFirst("(?i)(req/s|/s|rps)$", "");
            try {
                rate = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw error(expr, "has scope \"rate=" + rateScope.group(1) + "\"; the scope must be a target rate "
                        + "in requests per second, e.g. \"rate=200: p99 < 300ms\"");
            }
            if (!(rate > 0) || !Double.isFinite(rate)) {
                throw error(expr, "has scope \"rate=" + rateScope.group(1) + "\"; the rate must be > 0");
            }
            rest = rateScope.group(2);
        } else if (scope.matches()) {
            try {
                workers = Integer.parseInt(scope.group(1));
            } catch (NumberFormatException e) {
                throw error(expr, "has scope \"workers=" + scope.group(1) + "\"; the scope must be a worker "
                        + "count >= 1, e.g. \"workers=10: p99 < 300ms\"");
            }
            if (workers < 1) {
                throw error(expr, "has scope \"workers=" + workers + "\"; the worker count must be >= 1");
            }
            rest = scope.group(2);
        } else if (overall.matches()) {
            rest = overall.group(1);
        } else if (rest.contains(":")) {
            throw error(expr, "has an unknown scope \"" + rest.substring(0, rest.indexOf(':')).strip()
                    + ":\"; write \"workers=N:\" (or \"rate=R:\" in the open model) before the metric, or no scope "
                    + "for the whole run");
        }
        Matcher op = OPERATOR.matcher(rest);
        if (!op.find()) {
            throw error(expr, "has no comparison; use one of <, <=, >, >=");
        }
        Operator operator = switch (op.group()) {
            case "<" -> Operator.LT;
            case "<=" -> Operator.LE;
            case ">" -> Operator.GT;
            case ">=" -> Operator.GE;
            default -> throw error(expr, "uses \"" + op.group() + "\"; use one of <, <=, >, >=");
        };
        String metricName = rest.substring(0, op.start()).strip().toLowerCase(Locale.ROOT);
        String valueText = rest.substring(op.end()).strip();
        if (metricName.equals("regression") || metricName.endsWith(" regression")) {
            if (workers != null || rate != null) {
                throw error(expr, "limits the change against a baseline, which is judged for the whole run; remove "
                        + "\"" + (workers != null ? "workers=" + workers : "rate=" + Threshold.format(rate, ""))
                        + ":\"");
            }
            return change(expr, metricName.substring(0, metricName.length() - "regression".length()).strip(),
                    operator, valueText);
        }
        if (metricName.isEmpty()) {
            throw error(expr, "has no metric before \"" + op.group() + "\"");
        }
        Metric metric;
        String statistic = null;
        int dot = metricName.indexOf('.');
        String head = dot < 0 ? metricName : metricName.substring(0, dot);
        String tail = dot < 0 ? null : metricName.substring(dot + 1);
        switch (head) {
            case "p50", "p75", "p90", "p95", "p99", "p999", "mean", "min", "max" -> {
                if (tail != null) {
                    throw unknownMetric(expr, metricName);
                }
                metric = Metric.LATENCY;
                statistic = head;
            }
            case "latency", "service_time", "ttft", "tpot", "itl" -> {
                metric = switch (head) {
                    case "latency" -> Metric.LATENCY;
                    case "service_time" -> Metric.SERVICE_TIME;
                    case "ttft" -> Metric.TTFT;
                    case "tpot" -> Metric.TPOT;
                    default -> Metric.ITL;
                };
                if (tail == null) {
                    throw error(expr, "names \"" + head + "\" without a statistic; write e.g. \"" + head
                            + ".p95\" (statistics: p50, p75, p90, p95, p99, p999, mean, min, max)");
                }
                statistic = "p99.9".equals(tail) ? "p999" : tail;
                if (!java.util.Set.of("min", "mean", "p50", "p75", "p90", "p95", "p99", "p999", "max")
                        .contains(statistic)) {
                    throw error(expr, "has an unknown statistic \"" + tail + "\"; use one of p50, p75, p90, "
                            + "p95, p99, p999, mean, min, max");
                }
            }
            case "success_rate" -> metric = Metric.SUCCESS_RATE;
            case "error_rate" -> metric = Metric.ERROR_RATE;
            case "throughput" -> metric = Metric.THROUGHPUT;
            case "goodput" -> metric = Metric.GOODPUT;
            case "output_tokens_per_second" -> metric = Metric.OUTPUT_TOKENS_PER_SECOND;
            default -> throw unknownMetric(expr, metricName);
        }
        if (!metric.distribution() && tail != null) {
            throw unknownMetric(expr, metricName);
        }
        Matcher value = VALUE.matcher(valueText);
        if (!value.matches()) {
            throw error(expr, valueText.isEmpty() ? "has no value after \"" + op.group() + "\""
                    : "has \"" + valueText + "\" where a number with a unit belongs, e.g. 250ms");
        }
        double number = Double.parseDouble(value.group(1));
        String unit = value.group(2).strip().toLowerCase(Locale.ROOT);
        double limit = switch (metric) {
            case LATENCY, SERVICE_TIME, TTFT, TPOT, ITL -> switch (unit) {
                case "ms" -> number;
                case "s" -> number * 1000.0;
                case "us", "µs" -> number / 1000.0;
                case "" -> throw error(expr, "has no unit after " + value.group(1) + "; write e.g. \""
                        + value.group(1) + "ms\" (units: ms, s, us)");
                default -> throw error(expr, "has unit \"" + unit + "\"; a time takes ms, s or us");
            };
            case SUCCESS_RATE, ERROR_RATE -> {
                if (!unit.equals("%")) {
                    throw error(expr, (unit.isEmpty() ? "has no unit" : "has unit \"" + unit + "\"")
                            + "; a rate is a percentage: write e.g. \"" + head + " >= 99%\"");
                }
                if (number < 0 || number > 100) {
                    throw error(expr, "has " + value.group(1) + "%; a rate lies between 0% and 100%");
                }
                yield number;
            }
            case THROUGHPUT, GOODPUT -> switch (unit) {
                case "", "/s", "req/s", "rps" -> number;
                default -> throw error(expr, "has unit \"" + unit + "\"; " + head + " takes /s (requests per "
                        + "second), e.g. \"" + head + " > 100/s\"");
            };
            case OUTPUT_TOKENS_PER_SECOND -> switch (unit) {
                case "", "/s", "tokens/s" -> number;
                default -> throw error(expr, "has unit \"" + unit + "\"; output_tokens_per_second takes /s, "
                        + "e.g. \"output_tokens_per_second > 50/s\"");
            };
        };
        if (number < 0) {
            throw error(expr, "has a negative limit " + value.group(1));
        }
        return new Threshold(expr, workers, rate, metric, statistic, operator, limit);
    }

    /** {@code [metric] regression < value unit}: see {@link ChangeThreshold}. */
    private static ChangeThreshold change(String expr, String name, Operator operator, String valueText) {
        if (operator != Operator.LT && operator != Operator.LE) {
            throw error(expr, "puts a lower limit on a regression; a regression threshold is an upper limit, e.g. "
                    + "\"p99 regression < 10%\"");
        }
        String metric = switch (name) {
            case "" -> null;
            case "p50", "latency.p50" -> "p50_ms";
            case "p90", "latency.p90" -> "p90_ms";
            case "p99", "latency.p99" -> "p99_ms";
            case "mean", "latency.mean" -> "mean_ms";
            case "throughput" -> "throughput_rps";
            case "success_rate" -> "success_rate";
            case "ttft.p50" -> "ttft_p50_ms";
            case "ttft.p99" -> "ttft_p99_ms";
            case "tpot.p50" -> "tpot_p50_ms";
            case "tpot.p99" -> "tpot_p99_ms";
            case "output_tokens_per_second" -> "output_tokens_per_s";
            default -> throw error(expr, "has \"" + name + "\" before \"regression\"; a regression threshold names "
                    + "p50, p90, p99, mean, throughput, success_rate, ttft.p50, ttft.p99, tpot.p50, tpot.p99, "
                    + "output_tokens_per_second, or nothing for all of them but the success rate");
        };
        Matcher value = VALUE.matcher(valueText);
        if (!value.matches()) {
            throw error(expr, valueText.isEmpty() ? "has no value" : "has \"" + valueText + "\" where a "
                    + "percentage belongs, e.g. 10%");
        }
        double number = Double.parseDouble(value.group(1));
        String unit = value.group(2).strip().toLowerCase(Locale.ROOT);
        boolean points = "success_rate".equals(metric);
        if (points && !unit.equals("pt")) {
            throw error(expr, "has " + (unit.isEmpty() ? "no unit" : "unit \"" + unit + "\"") + "; the success "
                    + "rate, itself a percentage, changes in percentage points: write e.g. \"success_rate regression "
                    + "< 1pt\"");
        }
        if (!points && !unit.equals("%")) {
            throw error(expr, (unit.isEmpty() ? "has no unit" : "has unit \"" + unit + "\"") + "; a regression "
                    + "is relative: write e.g. \"" + (name.isEmpty() ? "" : name + " ") + "regression < 10%\"");
        }
        if (number < ChangeThreshold.MIN_PERCENT || number > ChangeThreshold.MAX_PERCENT) {
            throw error(expr, "has " + value.group(1) + unit + "; a regression threshold lies between "
                    + Threshold.format(ChangeThreshold.MIN_PERCENT, "") + unit + " (the finest change a load test "
                    + "resolves) and " + Threshold.format(ChangeThreshold.MAX_PERCENT, "") + unit);
        }
        return new ChangeThreshold(expr, metric, number);
    }

    private static IllegalArgumentException unknownMetric(String expr, String name) {
        return error(expr, "has an unknown metric \"" + name + "\"; use p50, p75, p90, p95, p99, p999, mean, "
                + "min, max (latency), success_rate, error_rate, throughput, goodput, service_time.X, ttft.X, tpot.X, itl.X or "
                + "output_tokens_per_second");
    }

    private static IllegalArgumentException error(String expr, String problem) {
        return new IllegalArgumentException("threshold \"" + expr + "\" " + problem + ". Valid examples: "
                + Threshold.EXAMPLES);
    }
}
