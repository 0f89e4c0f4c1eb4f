package io.benchsuite.cli;

import io.benchsuite.engine.run.Progress;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The live progress line on stderr: rewritten in place about once a second on a terminal, a plain line every
 * {@value #PLAIN_EVERY_SECONDS} seconds otherwise (CI logs).
 */
final class ProgressLine implements Consumer<Progress> {

    static final int PLAIN_EVERY_SECONDS = 5;

    private final PrintWriter err;
    private final boolean terminal;
    private double lastPrinted = -PLAIN_EVERY_SECONDS;
    private boolean dirty;

    ProgressLine(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void accept(Progress p) {
        String line = String.format(Locale.ROOT,
                "[%5.0fs/%.0fs] %s | in flight %d | %.0f req/s | p50 %.1f ms p99 %.1f ms | requests %d | errors %d",
                p.elapsedSeconds(), p.plannedSeconds(), p.levelText(), p.inFlight(), p.recentRps(), p.recentP50Ms(),
                p.recentP99Ms(), p.requests(), p.failures());
        if (terminal) {
            err.print("\r\033[2K" + line);
            err.flush();
            dirty = true;
        } else if (p.elapsedSeconds() - lastPrinted >= PLAIN_EVERY_SECONDS - 0.01) {
            err.println(line);
            lastPrinted = p.elapsedSeconds();
        }
    }

    /** Ends the in-place line so that what follows starts on a new line. */
    void finish() {
        if (terminal && dirty) {
            err.println();
        }
    }

    static boolean stderrIsTerminal() {
        return System.console() != null && !"true".equalsIgnoreCase(System.getenv("CI"));
    }
}
