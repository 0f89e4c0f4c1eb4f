package io.benchsuite.junit;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * After a test run (a build's test phase, an IDE run), one block on standard output listing every load test with
 * its verdict, its one-line summary and its results directory, so a CI log shows them together at the end.
 * Registered with the JUnit Platform launcher ({@code META-INF/services}); it only reads the
 * {@value LoadTest#REPORT_ENTRY_KEY} report entries the load tests publish.
 *
 * <pre>
 * [benchsuite] 2 load tests: 1 passed, 1 failed
 *   PASSED  OrdersLoadIT#placeOrder  completed: 6578 requests, 100.00% ok, ...  /build/target/benchsuite/...
 *   FAILED  SearchIT#query  completed: 940 requests, 91.20% ok, ..., THRESHOLDS FAILED  /build/target/benchsuite/...
 * </pre>
 */
public final class LoadTestSummary implements TestExecutionListener {

    private final PrintStream out;
    private final Map<String, String> entries = new ConcurrentHashMap<>();
    private final Map<String, TestExecutionResult.Status> statuses = new ConcurrentHashMap<>();
    private final List<TestIdentifier> order = new ArrayList<>();

    /** The listener the launcher creates: prints to standard output. */
    public LoadTestSummary() {
        this(System.out);
    }

    LoadTestSummary(PrintStream out) {
        this.out = out;
    }

    @Override
    public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
        String value = entry.getKeyValuePairs().get(LoadTest.REPORT_ENTRY_KEY);
        if (value != null) {
            entries.put(test.getUniqueId(), value);
            synchronized (order) {
                order.add(test);
            }
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (entries.containsKey(test.getUniqueId())) {
            statuses.put(test.getUniqueId(), result.getStatus());
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        List<TestIdentifier> tests;
        synchronized (order) {
            tests = List.copyOf(order);
            order.clear();
        }
        if (tests.isEmpty()) {
            return;
        }
        long passed = tests.stream().filter(t -> statuses.get(t.getUniqueId()) == TestExecutionResult.Status.SUCCESSFUL)
                .count();
        StringBuilder b = new StringBuilder();
        b.append("[benchsuite] ").append(tests.size()).append(tests.size() == 1 ? " load test: " : " load tests: ")
                .append(passed).append(" passed, ").append(tests.size() - passed).append(" failed\n");
        for (TestIdentifier t : tests) {
            TestExecutionResult.Status s = statuses.get(t.getUniqueId());
            String verdict = s == TestExecutionResult.Status.SUCCESSFUL ? "PASSED"
                    : s == TestExecutionResult.Status.ABORTED ? "ABORTED" : "FAILED";
            b.append("  ").append(String.format("%-8s", verdict)).append(name(plan, t)).append("  ")
                    .append(entries.get(t.getUniqueId()).replace(" | ", "  ")).append('\n');
        }
        out.print(b);
        out.flush();
        entries.clear();
        statuses.clear();
    }

    /** {@code Class#method} of a method's test, or the test's display name. */
    private static String name(TestPlan plan, TestIdentifier test) {
        return test.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast)
                .map(m -> m.getJavaClass().getSimpleName() + "#" + m.getMethodName())
                .orElse(test.getDisplayName());
    }
}
