package io.benchsuite.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a value of the test class that {@link LoadTest#set()} can use as {@code ${name}}: a field, or a method
 * without parameters, static or not, read on the test instance just before the load.
 *
 * <pre>{@code
 * class OrdersApiIT {
 *     static WireMockServer server;                // started in @BeforeAll
 *
 *     @LoadTestValue("orders.url")
 *     static String ordersUrl() {
 *         return server.baseUrl();
 *     }
 *
 *     @LoadTest(config = "bench/orders-api.json", set = "endpoint=${orders.url}/orders")
 *     void ordersApi(LoadTestResult result) { ... }
 * }
 * }</pre>
 *
 * A value that is null, or a method that throws, fails the load test before any load with a message naming the
 * member. The value is used as text (a secret such as a token is treated like the config file's own).
 */
@Target({ElementType.FIELD, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface LoadTestValue {

    /** The name {@code ${name}} refers to. */
    String value();
}
