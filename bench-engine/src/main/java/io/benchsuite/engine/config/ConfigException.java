package io.benchsuite.engine.config;

/**
 * A configuration or input mistake the user can fix: the message says what is wrong, where, and how to fix
 * it. Shown as one line (CLI exit code 2, {@code ExtensionConfigurationException} in JUnit), never with a
 * stack trace. Messages never contain secret values.
 */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message, null, false, false);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
