package io.benchsuite.cli;

import io.benchsuite.engine.run.RunControl;
import java.io.PrintWriter;

/**
 * Ctrl-C / SIGTERM during a run: the first signal stops adding work and lets in-flight requests finish
 * (bounded by the timeout); the second interrupts them at once. Either way the result file is written with
 * status {@code aborted}.
 */
final class Interrupts {

    private Interrupts() {
    }

    @SuppressWarnings("removal")
    static void install(RunControl control, PrintWriter err) {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> {
                    if (!control.aborted()) {
                        err.println();
                        err.println("bench: SIG" + name + ": stopping; waiting for in-flight requests "
                                + "(press Ctrl-C again to stop at once)");
                    } else {
                        err.println("bench: stopping now");
                    }
                    err.flush();
                    control.abort("SIG" + name);
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // signal not available on this platform: the default handling applies
            }
        }
    }
}
