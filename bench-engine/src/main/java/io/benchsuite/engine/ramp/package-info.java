/**
 * The schedules a load follows: worker levels over time ({@link io.benchsuite.engine.ramp.RampSchedule}) and the open
 * model's arrivals ({@link io.benchsuite.engine.ramp.ArrivalSchedule}); pure arithmetic, tested without a clock.
 *
 * <p><b>Status: Internal</b>: public only for other BenchSuite modules; may change in any release.
 */
package io.benchsuite.engine.ramp;
