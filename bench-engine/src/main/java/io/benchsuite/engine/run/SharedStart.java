package io.benchsuite.engine.run;

import io.benchsuite.engine.config.ConfigException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;

/**
 * The instant every shard of a distributed run starts its load at ({@code --start-at}, or the one the shards agreed
 * on at their barrier), and how a run waits for it.
 *
 * <p>The rule, the same wherever it is checked: a start that the load can no longer keep, because it is past by more
 * than {@link #TOLERANCE} once the warm-up is counted, is refused ({@link #check}) rather than started late
 * silently. {@code bench run} checks before it prepares anything and again right before the load; the engine then
 * runs the warm-up, waits for the instant and measures how late the load actually started
 * ({@code shard.start_offset_ms}).
 *
 * <p>Implementation notes: the instant is read against the wall clock once, when the run begins, and turned into a
 * deadline on the run's {@link Clock} (monotonic), which the engine parks until; the offset is measured on that
 * clock too, so a wall-clock step during the wait changes neither. Shards on different machines share the instant
 * only as well as their wall clocks agree (NTP), which no measurement of ours can see.
 */
public final class SharedStart {

    /** How late a start may be found and still be kept: later is refused. */
    public static final Duration TOLERANCE = Duration.ofSeconds(1);

    private final Clock clock;
    private final long deadlineNanos;

    private SharedStart(Clock clock, long deadlineNanos) {
        this.clock = clock;
        this.deadlineNanos = deadlineNanos;
    }

    /**
     * Refuses {@code startAt} when a load whose warm-up takes {@code warmup} cannot start at it any more:
     * {@code now + warmup > startAt + }{@link #TOLERANCE}.
     *
     * @param what how the user gave the instant, for the message ({@code --start-at 2026-12-06T10:00:00Z})
     * @throws ConfigException saying how late it is and what to do
     */
    public static void check(Instant startAt, Duration warmup, Instant now, String what) {
        Duration ahead = Duration.between(now, startAt);
        if (ahead.plus(TOLERANCE).compareTo(warmup) >= 0) {
            return;
        }
        String example = now.plus(warmup).plusSeconds(120).truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
                .toString();
        if (warmup.isZero() || ahead.isNegative()) {
            throw new ConfigException(what + " is " + seconds(ahead.negated()) + " past; the load would start "
                    + "late and out of step with the other shards: choose a time ahead, e.g. --start-at " + example);
        }
        throw new ConfigException(what + " is only " + seconds(ahead) + " ahead, and the warm-up (warmup_seconds) "
                + "takes " + seconds(warmup) + " before the load: choose a time at least that far ahead, e.g. "
                + "--start-at " + example);
    }

    /** {@code startAt} placed on {@code clock}, reading {@code wall} now. */
    static SharedStart on(Clock clock, Instant startAt, InstantSource wall) {
        long now = clock.nanoTime();
        Duration ahead = Duration.between(wall.instant(), startAt);
        return new SharedStart(clock, now + saturatedNanos(ahead));
    }

    /**
     * Parks the calling thread until the start; returns at once when {@code control} is aborted (a Ctrl-C while
     * waiting).
     */
    void await(RunControl control) {
        Thread me = Thread.currentThread();
        control.onAbort(() -> clock.wake(me));
        while (!control.aborted() && clock.nanoTime() - deadlineNanos < 0) {
            clock.parkUntil(deadlineNanos);
        }
    }

    /** How much later than the shared start {@code startNanos} (a reading of the run's clock) is. */
    long offsetNanos(long startNanos) {
        return startNanos - deadlineNanos;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE / 2 : Long.MAX_VALUE / 2;
        }
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
