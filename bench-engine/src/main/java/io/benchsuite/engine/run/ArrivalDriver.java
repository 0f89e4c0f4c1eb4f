package io.benchsuite.engine.run;

import io.benchsuite.engine.RatePlan;
import io.benchsuite.engine.ramp.ArrivalSchedule;

/**
 * The open model: requests are due at the {@link ArrivalSchedule}'s intended start times, whether or not earlier
 * ones have answered, and {@link OpenWorkers} sends each at its instant (or, with every slot busy, as soon as one
 * frees). The rate level rises at the plan's level starts, so every request is bucketed by the rate it was due at.
 *
 * <p>Called on the controller thread only: at each arrival, or at once for the arrivals already due (a late wake-up
 * dispatches what it missed, each with its own intended start, so the lateness shows in the latency and in the
 * scheduling lag, not as a gap in the schedule).
 */
final class ArrivalDriver implements Driver {

    private final RatePlan plan;
    private final ArrivalSchedule schedule;
    private final Controller controller;
    private final Levels levels;
    private final OpenWorkers workers;
    /** The next arrival not dispatched yet (nanoseconds after the start), and its level. */
    private long nextArrival;
    private int nextLevel;

    ArrivalDriver(RatePlan plan, ArrivalSchedule schedule, Controller controller, Levels levels, OpenWorkers workers) {
        this.plan = plan;
        this.schedule = schedule;
        this.controller = controller;
        this.levels = levels;
        this.workers = workers;
        this.nextArrival = schedule.next();
        this.nextLevel = schedule.level();
    }

    @Override
    public long plannedNanos() {
        return schedule.totalNanos();
    }

    @Override
    public long advance(long elapsedNanos) {
        raiseLevels(elapsedNanos);
        long epoch = controller.requestEpochNanos();
        while (nextArrival <= elapsedNanos) {
            if (nextLevel > levels.current()) {
                levels.raiseTo(nextLevel, elapsedNanos);
            }
            workers.due(workers.seq.getAndIncrement(), nextLevel, epoch + nextArrival);
            nextArrival = schedule.next();
            nextLevel = schedule.level();
        }
        if (nextArrival == Long.MAX_VALUE && plan.totalRequests() > 0 && workers.seq.get() >= plan.totalRequests()) {
            controller.stop(); // total_requests reached: the load ends, the drain waits for what is in flight
            return Long.MAX_VALUE;
        }
        int current = levels.current();
        long nextLevelStart = current < plan.levels() ? plan.levelStartNanos(current + 1) : Long.MAX_VALUE;
        return Math.min(nextArrival, nextLevelStart);
    }

    /** Raises the level to the one whose window {@code elapsedNanos} is in (a level with no arrival yet included). */
    private void raiseLevels(long elapsedNanos) {
        int to = levels.current();
        while (to < plan.levels() && plan.levelStartNanos(to + 1) <= elapsedNanos) {
            to++;
        }
        if (to == 0) {
            to = 1;
        }
        if (to > levels.current()) {
            levels.raiseTo(to, elapsedNanos);
        }
    }
}
