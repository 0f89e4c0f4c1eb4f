package io.benchsuite.junit;

import java.lang.reflect.Method;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Runs {@link LoadTest} methods. Registered by the annotation. It only routes: the load itself is
 * {@link LoadTestRun}'s, the settings {@link LoadTestSettings}'.
 *
 * <p>It intercepts the test method's invocation, so {@code @BeforeEach}/{@code @AfterEach} run once around the
 * load, other extensions' callbacks too, and JUnit's {@code @Timeout} (an interceptor around this one) interrupts
 * the load. In the method-as-request form, JUnit's single call is {@linkplain Invocation#skip() skipped} and the
 * engine calls the method once per request. With a config, the load runs first and then JUnit's own invocation
 * {@linkplain Invocation#proceed() proceeds}, through every other extension's interceptors, with the
 * {@link LoadTestResult} it resolved now filled in.
 *
 * <p>State lives in the test's {@link ExtensionContext.Store}: the {@link LoadTestResult} of the test (resolved for
 * the test method and for {@code @AfterEach} methods); the running loads are known to {@link ActiveLoads}, one per
 * test run, whose single shutdown hook stops them when the JVM exits.
 */
final class LoadTestExtension implements InvocationInterceptor, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LoadTestExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (!(parameter.getDeclaringExecutable() instanceof Method m)) {
            return false;
        }
        if (loadTestTemplate(m) && context.getParent().flatMap(ExtensionContext::getTestMethod).isEmpty()) {
            return true; // the plain-test invocation of a @LoadTest that is also a template: refused in the interceptor
        }
        if (type == LoadTestResult.class && AnnotationSupport.isAnnotated(m, AfterEach.class)) {
            return context.getTestMethod().filter(t -> AnnotationSupport.isAnnotated(t, LoadTest.class)).isPresent();
        }
        return (type == DatasetRecord.class || type == RequestContext.class || type == LoadTestResult.class)
                && AnnotationSupport.isAnnotated(m, LoadTest.class);
    }

    /**
     * {@link DatasetRecord} and {@link RequestContext}: a {@code null} placeholder, filled in per request by the
     * engine's call. {@link LoadTestResult}: this test's result, filled in when its load ended.
     */
    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == LoadTestResult.class) {
            return result(context);
        }
        return type.isPrimitive() ? java.lang.reflect.Array.get(java.lang.reflect.Array.newInstance(type, 1), 0) : null;
    }

    private static boolean loadTestTemplate(Method m) {
        return AnnotationSupport.isAnnotated(m, LoadTest.class)
                && AnnotationSupport.isAnnotated(m, org.junit.jupiter.api.TestTemplate.class);
    }

    /** The result of the load of {@code context}'s test (pending until the load ended). */
    private static LoadTestResult result(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(LoadTestResult.class, k -> LoadTestResult.pending(),
                LoadTestResult.class);
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext context) throws Throwable {
        Method method = invocationContext.getExecutable();
        if (!AnnotationSupport.isAnnotated(method, LoadTest.class)) {
            invocation.proceed();
            return;
        }
        LoadTestRun run = LoadTestRun.of(context, method);
        checkParameters(run, method);
        if (run.methodForm()) {
            invocation.skip();
        }
        LoadTestRun.Finished finished = run.load(invocationContext.getTarget().orElse(null),
                invocationContext.getArguments().toArray());
        result(context).complete(finished.result(), finished.dir());
        Throwable userFailure = null;
        if (!run.methodForm() && !finished.interrupted()) {
            try {
                invocation.proceed();
            } catch (Throwable t) {
                userFailure = t;
            }
        } else if (!run.methodForm()) {
            invocation.skip();
        }
        run.verdict(finished, userFailure);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
                                            ReflectiveInvocationContext<Method> invocationContext,
                                            ExtensionContext context) throws Throwable {
        Method method = invocationContext.getExecutable();
        if (AnnotationSupport.isAnnotated(method, LoadTest.class)) {
            invocation.skip();
            throw templateError(method);
        }
        invocation.proceed();
    }

    private static void checkParameters(LoadTestRun run, Method method) {
        if (AnnotationSupport.isAnnotated(method, org.junit.jupiter.api.TestTemplate.class)) {
            throw templateError(method);
        }
        for (Class<?> type : method.getParameterTypes()) {
            if (run.methodForm() && type == LoadTestResult.class) {
                throw run.configError("a LoadTestResult parameter needs a config (@LoadTest(config = \"...\")), with "
                        + "which the method runs once after the load; a method-as-request load test is one request: "
                        + "remove the parameter and check the result with @Threshold, or take the LoadTestResult in "
                        + "an @AfterEach method");
            }
            if (!run.methodForm() && (type == DatasetRecord.class || type == RequestContext.class)) {
                throw run.configError(type.getSimpleName() + " parameters are for method-as-request load tests; "
                        + "with config = \"" + run.settings().config() + "\" the built-in target sends the requests "
                        + "and the method runs once after the load: take a LoadTestResult parameter instead");
            }
        }
    }

    private static ExtensionConfigurationException templateError(Method method) {
        return new ExtensionConfigurationException("@LoadTest on method [" + method.getDeclaringClass().getSimpleName()
                + "#" + method.getName() + "]: @LoadTest cannot be combined with @ParameterizedTest, @RepeatedTest or "
                + "another test template: a load test is one test with its own load and results. Write one @LoadTest "
                + "method per case, or one config per case with @LoadTest(config = ...)");
    }
}
