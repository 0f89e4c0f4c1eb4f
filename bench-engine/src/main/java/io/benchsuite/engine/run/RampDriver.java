package io.benchsuite.engine.run;

import io.benchsuite.engine.Shard;
import io.benchsuite.engine.ramp.RampSchedule;

/**
 * The closed model: the worker level follows the {@link RampSchedule}, and each step up starts as many new
 * workers, each of which sends one request at a time for the rest of the run. A {@link Shard} of a run starts its
 * share of them ({@link Shard#workers}: none at a level where its share does not grow) at the same instants as the
 * other shards, so that their workers add up to the level.
 */
final class RampDriver implements Driver {

    private final RampSchedule schedule;
    private final Levels levels;
    private final Workers workers;
    private final Shard shard;

    RampDriver(RampSchedule schedule, Levels levels, Workers workers, Shard shard) {
        this.schedule = schedule;
        this.levels = levels;
        this.workers = workers;
        this.shard = shard;
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
            workers.start(shard.workers(from), shard.workers(to));
        }
        int level = levels.current();
        return level < schedule.plan().maxWorkers() ? schedule.levelStartNanos(level + 1) : Long.MAX_VALUE;
    }
}
