package io.benchsuite.engine.run;

import io.benchsuite.engine.ramp.RampSchedule;

/**
 * The closed model: the worker level follows the {@link RampSchedule}, and each step up starts as many new
 * workers, each of which sends one request at a time for the rest of the run.
 */
final class RampDriver implements Driver {

    private final RampSchedule schedule;
    private final Levels levels;
    private final Workers workers;

    RampDriver(RampSchedule schedule, Levels levels, Workers workers) {
        this.schedule = schedule;
        this.levels = levels;
        this.workers = workers;
    }

    @Override
    public long plannedNanos() {
        return schedule.totalNanos();
    }

    @Override
    public long advance(long elapsedNanos) {
        int from = levels.current();
        int to = schedule.levelAt(elapsedNanos);
        if (to > from) {
            levels.raiseTo(to, elapsedNanos); // the buckets exist before a worker can see the level
            workers.start(from, to);
        }
        int level = levels.current();
        return level < schedule.plan().maxWorkers() ? schedule.levelStartNanos(level + 1) : Long.MAX_VALUE;
    }
}
