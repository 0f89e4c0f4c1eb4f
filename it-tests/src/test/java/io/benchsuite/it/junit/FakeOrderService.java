package io.benchsuite.it.junit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A stand-in for the system under test: takes a fixed time per order, refuses orders of nothing. */
final class FakeOrderService {

    private final Duration serviceTime;
    private final AtomicLong placed = new AtomicLong();

    FakeOrderService(Duration serviceTime) {
        this.serviceTime = serviceTime;
    }

    /** An order line, typed from each dataset record. */
    record Order(String sku, int quantity) {
    }

    void place(Order order) throws InterruptedException {
        Thread.sleep(serviceTime);
        if (order.quantity() < 1) {
            throw new IllegalArgumentException("quantity must be >= 1, got " + order.quantity());
        }
        placed.incrementAndGet();
    }

    long placed() {
        return placed.get();
    }
}
