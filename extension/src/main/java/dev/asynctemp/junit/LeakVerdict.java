package dev.asynctemp.junit;

import dev.asynctemp.internal.Artifact;
import dev.asynctemp.internal.Scope;
import java.io.IOException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The leak detector's verdict on one test or class, once its own code and its injected
 * parameters' cleanup are done: await the work in flight that the detector can see, give what it
 * cannot see its grace period, then report, remove, fail.
 */
final class LeakVerdict {

    private static final System.Logger LOG = System.getLogger("dev.asynctemp.leaks");

    private LeakVerdict() {
    }

    /** The leak mode in force and where it came from, for the report's heading. */
    record ModeChoice(LeakMode mode, String source) {
        String describe() {
            return mode.name().toLowerCase(Locale.ROOT) + " mode, " + source;
        }
    }

    /**
     * Judges the scope of {@code context}.
     *
     * @throws TempFileLeakException in {@link LeakMode#FAIL} if anything leaked
     * @throws TimeoutException if work the detector saw in flight did not finish within the cleanup
     *     timeout: no verdict can be given, and what was in flight is named
     */
    static void judge(ExtensionContext context, Scope scope) throws TimeoutException {
        // Code the test left running can no longer create or start work for it; work it started
        // (and callbacks chained on that work) still counts until the seal.
        scope.close();
        Configuration configuration = Configuration.of(context);
        ModeChoice mode = mode(context, configuration);
        if (mode.mode() == LeakMode.OFF) {
            scope.seal();
            return;
        }
        if (context.getTestMethod().isPresent()) {
            RunState.of(context).judged();
        }
        Duration timeout = configuration.cleanupTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        awaitQuiet(scope, timeout, () -> timedOut(context, scope, timeout, configuration));
        if (!scope.leaks().isEmpty()) {
            awaitInvisibleCleanup(scope, configuration.leakGrace());
            // Whatever the grace period saw begin (a close from a thread the test left) is awaited too.
            awaitQuiet(scope, remaining(deadline), () -> timedOut(context, scope, timeout, configuration));
        }
        List<Artifact> leaked = scope.seal();
        if (leaked.isEmpty()) {
            return;
        }
        List<LeakedArtifact> leaks = Leaks.describe(leaked);
        String heading = (leaks.size() == 1 ? "1 temporary artifact" : leaks.size() + " temporary artifacts")
                + " leaked by " + who(context) + " (asynctemp leak detector in " + mode.describe() + "):";
        var failure = new TempFileLeakException(heading, leaks, footer(configuration));
        if (!configuration.keepLeaks()) {
            remove(leaked, failure);
        }
        RunState.of(context).leaked(context, mode, leaks);
        context.publishReportEntry(Map.of(Leaks.REPORT_KEY, failure.getMessage()));
        if (mode.mode() == LeakMode.FAIL) {
            throw failure;
        }
        // Logged on the test's thread, so that with the JDK's default logging the build tool files it
        // under this test (Surefire's console and its XML report's system-err), besides the report
        // entry above; a logging backend of the user's own gets it as a warning.
        LOG.log(System.Logger.Level.WARNING, failure.getMessage());
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    private static String footer(Configuration configuration) {
        return configuration.keepLeaks()
                ? "Kept for debugging (" + AsyncTempExtension.KEEP_LEAKS_KEY + "=true)."
                : "They have been closed and removed; set " + AsyncTempExtension.KEEP_LEAKS_KEY
                        + "=true to keep them for debugging.";
    }

    /** What to throw when work in flight outlives the timeout; may remove what leaked meanwhile. */
    private interface Timeout {
        TimeoutException exception();
    }

    /**
     * Waits until nothing the detector can see is in flight for {@code scope}: creations, file
     * operations, closes and cleanups, and the callbacks chained on them.
     */
    private static void awaitQuiet(Scope scope, Duration atMost, Timeout timeout) throws TimeoutException {
        if (scope.quiet()) {
            return;
        }
        try {
            Awaitility.await("work in flight for " + scope.displayName() + " to finish")
                    .pollInSameThread()
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(2))
                    .atMost(atMost.isZero() ? Duration.ofNanos(1) : atMost)
                    .until(scope::quiet);
        } catch (ConditionTimeoutException stillRunning) {
            throw timeout.exception();
        }
    }

    /**
     * Gives cleanup the detector cannot see (say, a plain {@code Files.delete} on a thread the test
     * left running) up to {@code grace} to happen.
     */
    private static void awaitInvisibleCleanup(Scope scope, Duration grace) {
        if (grace.isZero()) {
            return;
        }
        try {
            Awaitility.await("temp artifacts to be cleaned up")
                    .pollInSameThread()
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(10))
                    .atMost(grace)
                    .until(() -> scope.leaks().isEmpty());
        } catch (ConditionTimeoutException stillThere) {
            // Report what is left.
        }
    }

    private static TimeoutException timedOut(ExtensionContext context, Scope scope, Duration timeout,
            Configuration configuration) {
        List<String> inFlight = scope.inFlight();
        var message = new StringBuilder("asynctemp leak detector: work started by ").append(who(context))
                .append(" was still in flight ").append(timeout.toMillis()).append(" ms after it ended (")
                .append(AsyncTempExtension.CLEANUP_TIMEOUT_KEY).append("), so no leak verdict was given:");
        for (String work : inFlight) {
            message.append(System.lineSeparator()).append("  - ").append(work);
        }
        List<Artifact> left = scope.seal();
        if (!left.isEmpty()) {
            message.append(System.lineSeparator()).append(configuration.keepLeaks()
                    ? "What it left is kept (" + AsyncTempExtension.KEEP_LEAKS_KEY + "=true)."
                    : "What it left has been closed and removed under that work.");
        }
        var exception = new TimeoutException(message.toString());
        if (!configuration.keepLeaks()) {
            remove(left, exception);
        }
        return exception;
    }

    /**
     * Leaks of a running test, once the work in flight it can see and then cleanup it cannot see
     * have had up to {@code atMost} to finish; for {@link TempLeaks}.
     */
    static List<Artifact> leaksWithin(Scope scope, Duration atMost) {
        if (atMost.isZero()) {
            return scope.leaks();
        }
        try {
            Awaitility.await("temp artifacts to be cleaned up")
                    .pollInSameThread()
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(5))
                    .atMost(atMost)
                    .until(() -> scope.quiet() && scope.leaks().isEmpty());
        } catch (ConditionTimeoutException stillThere) {
            // Report what is left.
        }
        return scope.leaks();
    }

    /** Names a test or class the way build reports do. */
    static String describe(ExtensionContext context) {
        String name = context.getTestClass().map(Class::getName).orElse("?");
        return context.getTestMethod().map(method -> name + "." + context.getDisplayName()).orElse(name);
    }

    static String who(ExtensionContext context) {
        return context.getTestMethod().isPresent() ? "this test"
                : "class " + context.getRequiredTestClass().getSimpleName() + " (in @BeforeAll, @AfterAll or "
                        + "class-level parameters' code)";
    }

    private static void remove(List<Artifact> leaked, Throwable failure) {
        for (Artifact artifact : leaked) {
            try {
                artifact.remove();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /**
     * The mode in force, found the way JUnit finds its own annotations: a {@link LeakDetection} on
     * the test method (also as a meta-annotation), else on its class, the class's interfaces and
     * superclasses, and enclosing classes of {@code @Nested} tests; else the configuration.
     */
    static ModeChoice mode(ExtensionContext context, Configuration configuration) {
        return mode(context, LeakDetection.class, LeakDetection::value, configuration.leakMode(),
                configuration.leakModeSource());
    }

    /** The mode an annotation of type {@code type} sets for {@code context}, else the configured one. */
    static <A extends java.lang.annotation.Annotation> ModeChoice mode(ExtensionContext context, Class<A> type,
            java.util.function.Function<A, LeakMode> value, LeakMode configured, String configuredSource) {
        String annotation = "@" + type.getSimpleName();
        Optional<Method> method = context.getTestMethod();
        if (method.isPresent()) {
            Optional<A> onMethod = AnnotationSupport.findAnnotation(method.get(), type);
            if (onMethod.isPresent()) {
                return new ModeChoice(value.apply(onMethod.get()), "set by " + annotation + " on method "
                        + method.get().getName() + "()");
            }
        }
        Optional<Class<?>> testClass = context.getTestClass();
        if (testClass.isPresent()) {
            Optional<A> onClass = AnnotationSupport.findAnnotation(testClass.get(), type);
            if (onClass.isPresent()) {
                String name = testClass.get().getSimpleName();
                return new ModeChoice(value.apply(onClass.get()), "set by " + annotation + (declaredOn(testClass.get(),
                        type) ? " on class " + name : " on a type class " + name + " extends or implements"));
            }
            Optional<A> enclosing = AnnotationSupport.findAnnotation(testClass.get(), type,
                    context.getEnclosingTestClasses());
            if (enclosing.isPresent()) {
                return new ModeChoice(value.apply(enclosing.get()), "set by " + annotation + " on a class enclosing "
                        + testClass.get().getSimpleName());
            }
        }
        return new ModeChoice(configured, configuredSource);
    }

    /** Tells whether {@code type} is on {@code testClass} itself, directly or through an annotation of its own. */
    private static boolean declaredOn(Class<?> testClass, Class<? extends java.lang.annotation.Annotation> type) {
        return java.util.Arrays.stream(testClass.getDeclaredAnnotations()).anyMatch(annotation ->
                annotation.annotationType() == type || AnnotationSupport.isAnnotated(annotation.annotationType(), type));
    }
}
