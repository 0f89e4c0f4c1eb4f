package io.benchsuite.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One chart as data for the page's script: x values, series on a left ({@code y}) or right ({@code y2}) axis,
 * axis titles with units. {@code xKind} tells the script how to label x ticks: {@code workers},
 * {@code seconds} or {@code nines} (percentiles).
 */
final class Chart {

    /** Okabe–Ito colour-blind-safe palette (yellow left out: too light on white). */
    static final String BLUE = "#0072B2";
    static final String ORANGE = "#E69F00";
    static final String VERMILLION = "#D55E00";
    static final String GREEN = "#009E73";
    static final String SKY = "#56B4E9";
    static final String PURPLE = "#CC79A7";
    static final String BLACK = "#000000";
    static final String GREY = "#7A7A7A";
    static final String[] CYCLE = {BLUE, ORANGE, GREEN, VERMILLION, SKY, PURPLE, BLACK, GREY};

    final String id;
    final String title;
    final String xKind;
    final String xLabel;
    final String yLabel;
    String y2Label;
    final double[] x;
    final List<ObjectNode> series = new ArrayList<>();

    Chart(String id, String title, String xKind, String xLabel, String yLabel, double[] x) {
        this.id = id;
        this.title = title;
        this.xKind = xKind;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.x = x;
    }

    /** Adds a series; {@code values[i]} belongs to {@code x[i]}, null for a gap. */
    Chart series(String label, String color, boolean dashed, boolean rightAxis, Double[] values) {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("label", label).put("color", color).put("dash", dashed).put("scale", rightAxis ? "y2" : "y");
        ArrayNode v = s.putArray("values");
        for (Double d : values) {
            if (d == null || d.isNaN() || d.isInfinite()) {
                v.addNull();
            } else {
                v.add(d);
            }
        }
        series.add(s);
        return this;
    }

    Chart rightAxis(String label) {
        this.y2Label = label;
        return this;
    }

    /** True when at least one series has a value. */
    boolean hasData() {
        return series.stream().anyMatch(s -> {
            for (var v : s.get("values")) {
                if (!v.isNull()) {
                    return true;
                }
            }
            return false;
        });
    }

    ObjectNode toJson() {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("id", id).put("title", title).put("xKind", xKind).put("xLabel", xLabel).put("yLabel", yLabel);
        if (y2Label != null) {
            c.put("y2Label", y2Label);
        }
        ArrayNode xs = c.putArray("x");
        for (double d : x) {
            xs.add(d);
        }
        c.putArray("series").addAll(series);
        return c;
    }
}
