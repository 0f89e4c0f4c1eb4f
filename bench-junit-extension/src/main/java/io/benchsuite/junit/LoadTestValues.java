package io.benchsuite.junit;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * The {@code ${name}} values of one load test's {@link LoadTest#set()}: its class's {@link LoadTestValue} fields and
 * methods, read on the test instance, else the configuration parameter {@code name}.
 */
final class LoadTestValues {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private final ExtensionContext context;
    private final String where;
    private final Function<String, Optional<String>> params;
    private final Map<String, Member> members = new HashMap<>();

    LoadTestValues(ExtensionContext context, String where, Function<String, Optional<String>> params) {
        this.context = context;
        this.where = where;
        this.params = params;
        Class<?> testClass = context.getRequiredTestClass();
        for (Field f : AnnotationSupport.findAnnotatedFields(testClass, LoadTestValue.class, f -> true,
                HierarchyTraversalMode.TOP_DOWN)) {
            members.put(f.getAnnotation(LoadTestValue.class).value(), f);
        }
        for (Method m : AnnotationSupport.findAnnotatedMethods(testClass, LoadTestValue.class,
                HierarchyTraversalMode.TOP_DOWN)) {
            if (m.getParameterCount() != 0) {
                throw new ExtensionConfigurationException(where + ": @LoadTestValue method " + m.getName()
                        + " must take no parameters");
            }
            members.put(m.getAnnotation(LoadTestValue.class).value(), m);
        }
    }

    /** {@code value} with every {@code ${name}} replaced; {@code key} names the assignment in messages. */
    String substitute(String key, String value) {
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(value(m.group(1).strip(), key)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String value(String name, String key) {
        Member member = members.get(name);
        if (member == null) {
            return params.apply(name).orElseThrow(() -> new ExtensionConfigurationException(where + ": set = \""
                    + key + "=...\" uses ${" + name + "}, but " + context.getRequiredTestClass().getSimpleName()
                    + " has no @LoadTestValue(\"" + name + "\") field or method and no configuration parameter "
                    + name + " is set"));
        }
        Object instance = Modifier.isStatic(member.getModifiers()) ? null : context.getTestInstance().orElse(null);
        Object v;
        try {
            if (member instanceof Field f) {
                f.setAccessible(true);
                v = f.get(instance);
            } else {
                Method method = (Method) member;
                method.setAccessible(true);
                v = method.invoke(instance);
            }
        } catch (InvocationTargetException e) {
            throw new ExtensionConfigurationException(where + ": @LoadTestValue(\"" + name + "\") "
                    + member.getName() + " threw " + e.getCause(), e.getCause());
        } catch (IllegalAccessException | RuntimeException e) {
            throw new ExtensionConfigurationException(where + ": @LoadTestValue(\"" + name + "\") "
                    + member.getName() + " cannot be read: " + e.getMessage(), e);
        }
        if (v == null) {
            throw new ExtensionConfigurationException(where + ": @LoadTestValue(\"" + name + "\") "
                    + member.getName() + " is null when the load starts; give it a value in @BeforeAll or "
                    + "@BeforeEach");
        }
        return v.toString();
    }
}
