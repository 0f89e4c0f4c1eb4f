package io.benchsuite.llm;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** A {@code Retry-After} header value as whole seconds to wait (RFC 9110: delay-seconds or an HTTP-date). */
final class RetryAfter {

    private RetryAfter() {
    }

    /**
     * The seconds {@code value} asks to wait from {@code now}: delay-seconds as sent (a fraction, as some servers
     * send, rounded up), an HTTP-date as the seconds until it (rounded up, 0 when past); -1 when it is neither.
     */
    static long seconds(String value, Instant now) {
        String v = value.strip();
        if (v.isEmpty()) {
            return -1;
        }
        if (Character.isDigit(v.charAt(0))) {
            try {
                return (long) Math.ceil(Double.parseDouble(v));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            long millis = Duration.between(now, at).toMillis();
            return millis <= 0 ? 0 : (millis + 999) / 1000;
        } catch (DateTimeParseException e) {
            return -1;
        }
    }
}
