package io.benchsuite.result;

/**
 * Token prices of a hosted model, in US dollars per million tokens (the config's {@code pricing}), and the cost of a
 * bucket's or a run's tokens at those prices.
 *
 * <pre>{@code
 * Prices p = new Prices(0.15, 0.60, 0.075);          // input, output, cached input
 * Double usd = p.cost(result.overall());             // null when the run counted no tokens
 * }</pre>
 *
 * @param inputPerMillion       price of a million prompt tokens (those not read from the cache)
 * @param outputPerMillion      price of a million generated tokens (reasoning included: providers bill them as output)
 * @param cachedInputPerMillion price of a million prompt tokens read from the prompt cache
 */
public record Prices(double inputPerMillion, double outputPerMillion, double cachedInputPerMillion) {

    public Prices {
        if (!(inputPerMillion >= 0) || !(outputPerMillion >= 0) || !(cachedInputPerMillion >= 0)
                || Double.isInfinite(inputPerMillion + outputPerMillion + cachedInputPerMillion)) {
            throw new IllegalArgumentException("prices must be finite and >= 0");
        }
    }

    /**
     * {@code ((input − cached) × input price + cached × cached price + output × output price) / 10⁶}, rounded to the
     * micro-dollar; null when {@code stats} has no token counts (not an LLM run).
     */
    public Double cost(Stats stats) {
        if (stats.outputTokens() == null && stats.inputTokens() == null) {
            return null;
        }
        long input = stats.inputTokens() == null ? 0 : stats.inputTokens();
        long cached = stats.cachedTokens() == null ? 0 : Math.min(input, stats.cachedTokens());
        long output = stats.outputTokens() == null ? 0 : stats.outputTokens();
        double usd = ((input - cached) * inputPerMillion + cached * cachedInputPerMillion
                + output * outputPerMillion) / 1e6;
        return Math.round(usd * 1e6) / 1e6;
    }
}
