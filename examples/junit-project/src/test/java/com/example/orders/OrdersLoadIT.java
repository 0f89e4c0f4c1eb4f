package com.example.orders;

import static io.benchsuite.junit.LoadTestAssertions.assertThat;

import io.benchsuite.junit.DatasetRecord;
import io.benchsuite.junit.LoadTest;
import io.benchsuite.junit.LoadTestResult;
import io.benchsuite.junit.Threshold;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;

/** The method is one request: here it stands for a call to the orders service (a 2 ms pause). */
class OrdersLoadIT {

    @LoadTest(minLoad = 1, maxLoad = 8, rampSeconds = 8, dataset = "orders.json")
    @Threshold("p99 < 50ms")
    @Threshold("success_rate >= 99%")
    void placeOrder(DatasetRecord record) throws InterruptedException {
        record.text("sku");                     // what a real test would send
        TimeUnit.MILLISECONDS.sleep(2);
    }

    @AfterEach
    void scalesWithWorkers(LoadTestResult result) {
        assertThat(result).atWorkers(8).latency().p50().isLessThan(Duration.ofMillis(20));
    }
}
