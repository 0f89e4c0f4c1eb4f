package io.benchsuite.engine.run;

/**
 * What moves a load forward in time, called by the {@link Controller} at the instants it asks for. Today one
 * driver, {@link RampDriver}: closed-loop workers added as the worker level rises. An open model is another
 * driver: requests started at their intended start times, at a rate that rises level by level, through the same
 * controller (start, stop, abort, drain) and the same {@link Levels}, collector and result.
 *
 * <p>Called on the controller thread only (the ramp: once per level; an arrival scheduler: once per arrival or
 * batch of arrivals due together), never by a worker.
 */
interface Driver {

    /** The planned end of the load, in nanoseconds after its start. */
    long plannedNanos();

    /**
     * Does what is due {@code elapsedNanos} after the start (raise the level, start workers or requests) and
     * returns when the next thing is due, in nanoseconds after the start; {@link Long#MAX_VALUE} when nothing is
     * due before the planned end. Called first with 0, then whenever the returned instant has come.
     */
    long advance(long elapsedNanos);
}
