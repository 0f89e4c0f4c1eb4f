package io.benchsuite.junit;

import io.benchsuite.engine.ErrorClass;
import io.benchsuite.engine.Exchange;
import io.benchsuite.engine.Target;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Sends one request by calling the test method: the method-as-request form of {@link LoadTest}.
 *
 * <p>Implementation notes: the argument template holds the parameters JUnit resolved once; per request only
 * the {@link DatasetRecord} and {@link RequestContext} slots are filled, in a fresh copy of the array, because
 * the method may keep its arguments beyond the call. That is three small allocations per request, negligible
 * next to a reflective call; no logging or formatting happens here, except the error message of a failed
 * request, which the engine samples.
 */
final class MethodTarget implements Target {

    /** Error class of a request whose method threw an {@link AssertionError}. */
    static final String ASSERTION = "assertion";

    /** The method's work runs in this JVM: the generator's CPU use includes it. */
    @Override
    public boolean runsInProcess() {
        return true;
    }

    private static final byte PLAIN = 0;
    private static final byte RECORD = 1;
    private static final byte CONTEXT = 2;

    private final Method method;
    private final Object instance;
    private final Object[] template;
    private final byte[] kinds;
    private final boolean perRequest;
    private final String note;

    /** @param note what the run's result must say about how the requests were made, or null */
    MethodTarget(Method method, Object instance, Object[] resolvedArguments, String note) {
        this.note = note;
        this.method = method;
        this.instance = instance;
        this.template = resolvedArguments.clone();
        Class<?>[] types = method.getParameterTypes();
        this.kinds = new byte[types.length];
        boolean any = false;
        for (int i = 0; i < types.length; i++) {
            if (types[i] == DatasetRecord.class) {
                kinds[i] = RECORD;
                any = true;
            } else if (types[i] == RequestContext.class) {
                kinds[i] = CONTEXT;
                any = true;
            }
        }
        this.perRequest = any;
        method.setAccessible(true);
    }

    @Override
    public void execute(Exchange exchange) throws Exception {
        Object[] args = template;
        if (perRequest) {
            args = template.clone();
            DatasetRecord record = null;
            RequestContext context = null;
            for (int i = 0; i < kinds.length; i++) {
                if (kinds[i] == RECORD) {
                    if (record == null) {
                        record = new DatasetRecord(exchange.record());
                    }
                    args[i] = record;
                } else if (kinds[i] == CONTEXT) {
                    if (context == null) {
                        context = new RequestContext(exchange.seq(), exchange.workers());
                    }
                    args[i] = context;
                }
            }
        }
        try {
            method.invoke(instance, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            exchange.failure(errorClass(cause), 0, ErrorClass.message(cause));
        }
    }

    @Override
    public java.util.List<String> notes() {
        return note == null ? java.util.List.of() : java.util.List.of(note);
    }

    /**
     * The error class of an exception thrown by the method: the engine's class for I/O problems
     * ({@code timeout}, {@code connect_error}, ...), {@value #ASSERTION} for assertion errors, else the
     * exception's simple class name.
     */
    static String errorClass(Throwable error) {
        String engineClass = ErrorClass.of(error);
        if (!Exchange.EXCEPTION.equals(engineClass)) {
            return engineClass;
        }
        if (error instanceof AssertionError) {
            return ASSERTION;
        }
        String simple = error.getClass().getSimpleName();
        return simple.isEmpty() ? error.getClass().getName() : simple;
    }
}
