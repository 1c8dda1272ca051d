package dev.asynctemp.junit;

import java.lang.reflect.Field;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ModifierSupport;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * Injects fields annotated with {@link Temp} or {@link Spooled}, the way JUnit's {@code @TempDir}
 * injects its fields: static fields once per class, before its {@code @BeforeAll} methods, owned by
 * the class; instance fields once per test, before its {@code @BeforeEach} methods, owned by the
 * test. Fields of superclasses count, in any visibility; for a {@code @Nested} test the enclosing
 * instances' fields are injected too. Each value is an {@link InjectedResource} like a parameter's,
 * so its cleanup and cleanup mode are the same.
 */
final class FieldInjection {

    private FieldInjection() {
    }

    /** Injects the static fields of the context's class and its superclasses, owned by {@code classContext}. */
    static void injectStatic(ExtensionContext classContext) {
        inject(classContext, classContext.getRequiredTestClass(), null, true);
    }

    /**
     * Injects the instance fields of the test's instance and, for a {@code @Nested} test, of its
     * enclosing instances, owned by {@code testContext}. Records are skipped, as JUnit does: their
     * fields are final, and an annotated component is injected as a constructor parameter.
     */
    static void injectInstances(ExtensionContext testContext) {
        for (Object instance : testContext.getRequiredTestInstances().getAllInstances()) {
            if (!instance.getClass().isRecord()) {
                inject(testContext, instance.getClass(), instance, false);
            }
        }
    }

    private static void inject(ExtensionContext owner, Class<?> type, Object instance, boolean statics) {
        var fields = ReflectionSupport.findFields(type,
                field -> ModifierSupport.isStatic(field) == statics && InjectionSpec.requested(field),
                HierarchyTraversalMode.TOP_DOWN);
        for (Field field : fields) {
            InjectionSpec spec = InjectionSpec.of(InjectionPoint.of(field));
            Object value = InjectedResource.inject(spec, owner);
            try {
                ReflectionSupport.makeAccessible(field).set(instance, value);
            } catch (IllegalAccessException | RuntimeException e) {
                // The value is already owned by the store, which removes it.
                throw spec.point().failure("setting the field failed: " + e, e);
            }
        }
    }
}
