package io.benchsuite.runner;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code result.json} could not be written (a full disk, a directory that became read-only): the numbers were
 * measured and shown, but they are not saved. One line for the user; {@code bench run} exits with its own code.
 */
public final class ResultFilesException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ResultFilesException(Path file, IOException cause) {
        super(file + ": cannot write the result (" + describe(cause) + "); the table above has the numbers; free "
                + "disk space or choose another --out", cause, false, false);
    }

    /** {@code No space left on device}, or the exception's type when it has no message. */
    static String describe(IOException e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }
}
