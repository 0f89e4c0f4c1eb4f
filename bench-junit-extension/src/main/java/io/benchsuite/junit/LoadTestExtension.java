package io.benchsuite.junit;

import java.lang.reflect.Method;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Runs {@link LoadTest} methods. Registered by the annotation.
 *
 * <p>It intercepts the test method's invocation (so {@code @BeforeEach}/{@code @AfterEach} run once around the
 * load), skips JUnit's single call, runs the load and, with a config, calls the method itself once afterwards.
 * The per-request parameters ({@link DatasetRecord}, {@link RequestContext}) and {@link LoadTestResult} are
 * resolved to {@code null} placeholders here and filled in per call by {@link LoadTestRun}.
 */
final class LoadTestExtension implements InvocationInterceptor, ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return (type == DatasetRecord.class || type == RequestContext.class || type == LoadTestResult.class)
                && parameter.getDeclaringExecutable() instanceof Method m
                && AnnotationSupport.isAnnotated(m, LoadTest.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return null;
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext context) throws Throwable {
        Method method = invocationContext.getExecutable();
        if (!AnnotationSupport.isAnnotated(method, LoadTest.class)) {
            invocation.proceed();
            return;
        }
        invocation.skip();
        new LoadTestRun(context, method, invocationContext.getTarget().orElse(null),
                invocationContext.getArguments().toArray()).run();
    }
}
